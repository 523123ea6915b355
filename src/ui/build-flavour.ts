// Which build this page is. The single-file build (`npm run build:single`, Vite mode "single") is
// meant for machines without a network: it ships no examples and fetches nothing, its policy says
// connect-src 'none' (see scripts/build-single.mjs and docs/deploy.md).
export const OFFLINE_BUILD: boolean = import.meta.env.MODE === 'single';
