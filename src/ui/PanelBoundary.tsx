import { Component, type ErrorInfo, type ReactNode } from 'react';
import { cx } from './classNames';
import styles from './PanelBoundary.module.css';

interface Props {
  /** The panel's name, for the message. */
  readonly name: string;
  /** When this changes (a new run), a failed panel tries again. */
  readonly resetKey?: unknown;
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | undefined;
  readonly resetKey: unknown;
}

/** Keeps a failing panel's error inside the panel; the rest of the app keeps working. */
export class PanelBoundary extends Component<Props, State> {
  override state: State = { error: undefined, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey
      ? null
      : { error: undefined, resetKey: props.resetKey };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Logged as a warning: the panel already shows the error where it happened.
    console.warn(`Rehearse: the ${this.props.name} panel failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <section className={cx('panel', styles.error)} role="alert" data-testid="panel-error">
        <h2>{this.props.name}</h2>
        <p>This panel failed and was stopped; the rest of the app keeps working.</p>
        <pre>{error.message}</pre>
        <button type="button" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </section>
    );
  }
}
