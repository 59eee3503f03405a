/** Two runs side by side, with their differences. */
export { CompareView } from './CompareView';
