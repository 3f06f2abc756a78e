/** Where `faultline demo` writes by default (its own module: the CLI names it without loading the demo's report code). */
export const DEMO_DIR = 'faultline-out';
