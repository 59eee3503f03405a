export { seededRandom } from '../../machines/random';
