/** The admin console's sections, in the order of its tabs. */
export const ADMIN_TABS = [
  'users',
  'units',
  'devices',
  'rules',
  'rejections',
  'cap',
  'falseAlarms',
] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];
