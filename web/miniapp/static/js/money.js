// Money as the API writes it ("75.50"), counted in kopecks: integers add up exactly, floats
// would not.

export function cents(amount) {
  const match = /^(\d+)\.(\d{2})$/.exec(amount);
  if (!match) throw new Error(`not an amount of money: ${amount}`);
  return Number(match[1]) * 100 + Number(match[2]);
}

/** What an order costs, as services.ordering.order_total computes it on the server: the
 * combo (its dishes included) plus each extra's price × quantity. */
export function orderTotal(comboPrice, extras) {
  return extras.reduce((sum, { price, quantity }) => sum + cents(price) * quantity, cents(comboPrice));
}
