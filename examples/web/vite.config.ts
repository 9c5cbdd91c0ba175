import { defineConfig } from 'vite';

/**
 * The app reaches the API as /graphql on its own origin: the dev server and `vite preview`
 * forward it to cloud-auth. Same origin means no CORS, and the refresh-token cookie
 * (SameSite=Strict; `cloud_auth_refresh` on plain http://localhost, `__Host-cloud_auth_refresh`,
 * Secure, everywhere else) is first-party. In production put both behind one host the same way
 * (a reverse proxy routing /graphql to cloud-auth).
 */
const target = process.env.CLOUD_AUTH_URL ?? 'http://127.0.0.1:4000';
const proxy = { '/graphql': { target } };

export default defineConfig({
  server: { proxy },
  preview: { proxy },
});
