// Every test worker loads MikroORM the way `npm start` does: main.ts imports this module before
// anything else (see src/db/orm-async-stores.ts).
import '../../src/db/orm-async-stores.js';
