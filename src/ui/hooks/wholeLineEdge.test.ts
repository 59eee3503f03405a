import { describe, expect, it } from 'vitest';
import { wholeLineEdge, type LineBox } from './wholeLineEdge';

/** `count` lines of `height` px, `gap` px apart, the first at `from`. */
function lines(count: number, height = 20, gap = 4, from = 10): LineBox[] {
  return Array.from({ length: count }, (_, index) => {
    const top = from + index * (height + gap);
    return { top, bottom: top + height };
  });
}

describe('wholeLineEdge', () => {
  it('should keep the edge where it cuts no line: in a gap, or below them all', () => {
    expect(wholeLineEdge(lines(3), 0, 32)).toBe(32);
    expect(wholeLineEdge(lines(3), 0, 200)).toBe(200);
  });

  it('should end in the middle of the gap above the line the edge would cut in half', () => {
    // Lines at 10–30, 34–54, 58–78: an edge at 70 cuts the third; the box ends above it.
    expect(wholeLineEdge(lines(3), 0, 70)).toBe(56);
    expect(wholeLineEdge(lines(3), 0, 40)).toBe(32);
  });

  it('should move an edge just above a line to the middle of the gap, and leave one clear of it', () => {
    expect(wholeLineEdge(lines(3), 0, 33)).toBe(32);
    expect(wholeLineEdge(lines(3), 0, 32.5)).toBe(32);
    expect(wholeLineEdge(lines(3), 0, 31)).toBe(31);
  });

  it('should count a line past the edge by no more than half a pixel as whole', () => {
    // The second line is 34–54.
    expect(wholeLineEdge(lines(2), 0, 53.6)).toBe(53.6);
    expect(wholeLineEdge(lines(2), 0, 53)).toBe(32);
  });

  it('should end above the highest of the lines cut, text of two sizes side by side', () => {
    // A badge (36–52) beside a taller line of text (34–60), and another line above.
    const mixed = [
      { top: 10, bottom: 30 },
      { top: 36, bottom: 52 },
      { top: 34, bottom: 60 },
    ];
    expect(wholeLineEdge(mixed, 0, 50)).toBe(32);
  });

  it('should end above a line that starts in another that the new edge cuts', () => {
    // Overlapping line boxes (a tall inline box): the cut moves up until it crosses none.
    const stacked = [
      { top: 10, bottom: 30 },
      { top: 34, bottom: 50 },
      { top: 45, bottom: 70 },
    ];
    expect(wholeLineEdge(stacked, 0, 60)).toBe(32);
  });

  it('should show one whole line when the box is shorter than its first line', () => {
    expect(wholeLineEdge(lines(3), 0, 20)).toBe(30);
    const badge = [
      { top: 10, bottom: 30 },
      { top: 12, bottom: 34 },
    ];
    expect(wholeLineEdge(badge, 0, 20)).toBe(34);
  });

  it('should measure lines that start above the box (scrolled away) without keeping them', () => {
    // Scrolled: a line from -10 to 10 is past the top; the edge at 40 cuts the line 34–54.
    expect(wholeLineEdge(lines(3, 20, 4, -14), 0, 40)).toBe(32);
  });
});
