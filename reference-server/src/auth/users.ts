// Users, roles and permissions of API v1 (docs/contract.md "Roles and permissions"). The
// `lockout-probe` account exists so the suite's destructive lockout test never locks a real user.

const PERMISSIONS = [
  'brokers:read',
  'brokers:write_config',
  'analytics:read',
  'analytics:export',
  'system:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS = {
  admin: ['brokers:read', 'brokers:write_config', 'analytics:read', 'analytics:export', 'system:read'],
  analyst: ['brokers:read', 'analytics:read', 'system:read'],
  viewer: ['brokers:read', 'analytics:read'],
} as const satisfies Record<string, readonly Permission[]>;

export type Role = keyof typeof ROLE_PERMISSIONS;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.hasOwn(ROLE_PERMISSIONS, value);
}

export interface User {
  username: string;
  password: string;
  role: Role;
}

const USERS: readonly User[] = [
  { username: 'admin', password: 'admin123', role: 'admin' },
  { username: 'analyst', password: 'analyst123', role: 'analyst' },
  { username: 'viewer', password: 'viewer123', role: 'viewer' },
  { username: 'lockout-probe', password: 'lockout123', role: 'viewer' },
];

export function findUser(username: string): User | undefined {
  return USERS.find((user) => user.username === username);
}

export function permissionsOf(role: Role): Permission[] {
  return [...ROLE_PERMISSIONS[role]];
}
