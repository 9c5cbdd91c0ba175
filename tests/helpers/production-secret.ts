/** A JWT_SECRET that production accepts (32 random bytes, base64), for tests that load a production configuration. */
export const PRODUCTION_SECRET = 'k3Xq9Vt1sR0bYw7LmN2pZc8JfH5dG4aE6uQiT+oWnB0=';
