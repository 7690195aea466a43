/** The app's version: package.json's, put in by the build (scripts/build.mjs `define`); `0.0.0-dev` when run unbuilt (tests). */
export const APP_VERSION: string = process.env.COUNTER_APP_VERSION ?? '0.0.0-dev';
