// The Housing Ombudsman Service's contact details, as every final response, extension and refusal gives them.
// Website: policy 000 (Clarion interim policy) cites www.housing-ombudsman.org.uk; the address, telephone and
// email are the Service's published contact details (housing-ombudsman.org.uk, "Contact us").
export const HOUSING_OMBUDSMAN = {
  name: 'Housing Ombudsman Service',
  address: 'PO Box 152, Liverpool L33 7WQ',
  telephone: '0300 111 3000',
  email: 'info@housing-ombudsman.org.uk',
  website: 'www.housing-ombudsman.org.uk',
  cite: 'policy 000 (website); Housing Ombudsman Service published contact details',
} as const;

/** One line a letter can merge: every way of reaching the Ombudsman. */
export function ombudsmanContactLine(): string {
  const o = HOUSING_OMBUDSMAN;
  return `${o.name}, ${o.address}; telephone ${o.telephone}; email ${o.email}; website ${o.website}`;
}
