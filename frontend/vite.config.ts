import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The FastAPI server serves dist/ at "/"; in development Vite proxies the API to it.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:8000", ws: true },
    },
  },
  build: { outDir: "dist", chunkSizeWarningLimit: 1000 },
});
