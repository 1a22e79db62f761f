// Vite's `?url` imports: the built asset's URL (used for the elkjs worker script).
declare module '*?url' {
  const url: string;
  export default url;
}
