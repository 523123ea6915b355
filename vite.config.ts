import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// base './' keeps every asset path relative, so dist/ works from any sub-path of any static host.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
