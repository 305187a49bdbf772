import { defineConfig } from "vite";

// A static site: `npm run build` writes dist/, which any static server can host. Paths are routed in the
// browser (history API), so the server answers unknown paths with index.html (vite preview does).
export default defineConfig({
  build: { target: "es2022", sourcemap: true },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
});
