// The envelope kinds the page knows, in one table: the send form's choices, the member that carries the amount in
// POST /envelopes, the field names in error messages and the words of the envelope view all come from here, so a new
// kind the API accepts is one more entry. The first entry is the form's default.

export const KINDS = [
  {
    wire: 'lucky',                      // `kind` in requests and envelope views
    choice: 'Lucky: random shares',     // the radio button's label in the send form
    amountMember: 'totalAmount',        // the request member that carries the amount, in fen
    amountLabel: 'Total (yuan)',        // the amount input's label while this kind is chosen
    amountField: 'Total',               // amountMember in a validation message
    viewWords: 'lucky shares',          // "From alice, lucky shares, ¥88.88 in all."
  },
  {
    wire: 'fixed',
    choice: 'Fixed: equal shares',
    amountMember: 'amountPerShare',     // the server computes the total: amountPerShare × shares
    amountLabel: 'Amount per share (yuan)',
    amountField: 'Amount per share',
    viewWords: 'fixed shares',
  },
];

export const DEFAULT_KIND = KINDS[0];

/** The entry for a wire name, or null for a kind this page does not know. */
export function kindOf(wire) {
  return KINDS.find(kind => kind.wire === wire) ?? null;
}
