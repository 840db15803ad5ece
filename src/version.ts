/** Kept equal to package.json's version by a test; a constant so the bundled CLI starts without reading files. */
export const VERSION = '0.1.0';
