/** A module worker built as a chunk of the app (see `scripts/workerChunks.ts`): its URL. */
declare module '*?worker-chunk' {
  const url: string;
  export default url;
}
