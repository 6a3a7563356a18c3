import { type FederationNames, countyConsumerName, streamNames, subjects } from './names.js';

export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
}

/** Each county gets its own reply-inbox prefix so it cannot read what NATS delivers to another. */
export const countyInboxPrefix = (countyCode: string): string => `_INBOX_${countyCode}`;

/**
 * What a county's NATS credential may do: publish under its own subject prefix, pull from and
 * ack its own durable consumer (which only the hub may create, so a county cannot widen its
 * filter), and receive replies on its own inbox prefix. The envelope signature still proves
 * authorship if a credential leaks.
 */
export function natsPermissionsForCounty(n: FederationNames, countyCode: string): NatsPermissions {
  const hubStream = streamNames(n).hub;
  const consumer = countyConsumerName(countyCode);
  return {
    publish: {
      allow: [
        subjects(n).countyPrefix(countyCode),
        `$JS.API.CONSUMER.INFO.${hubStream}.${consumer}`,
        `$JS.API.CONSUMER.MSG.NEXT.${hubStream}.${consumer}`,
        `$JS.ACK.${hubStream}.${consumer}.>`,
      ],
    },
    subscribe: { allow: [`${countyInboxPrefix(countyCode)}.>`] },
  };
}

export interface NatsUser {
  user: string;
  password: string;
  /** no permissions = everything (the hub) */
  permissions?: NatsPermissions;
}

const q = (s: string) => JSON.stringify(s);
const list = (xs: string[]) => `[${xs.map(q).join(', ')}]`;

/** An `authorization { users = [...] }` block for nats-server's config file (2.9 syntax). */
export function natsAuthorizationBlock(users: readonly NatsUser[]): string {
  const lines = users.map((u) => {
    const perms = u.permissions
      ? `, permissions: { publish: { allow: ${list(u.permissions.publish.allow)} }, subscribe: { allow: ${list(u.permissions.subscribe.allow)} } }`
      : '';
    return `    { user: ${q(u.user)}, password: ${q(u.password)}${perms} }`;
  });
  return `authorization {\n  users = [\n${lines.join('\n')}\n  ]\n}\n`;
}
