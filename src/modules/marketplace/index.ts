// The marketplace: lead slots, carts with price locks, checkout, purchases and their delivery, disputes
// and refunds. Other modules import only from here.

export { marketplaceModule } from './marketplace.module.js';
export { holdersOf } from './inventory.repository.js';
