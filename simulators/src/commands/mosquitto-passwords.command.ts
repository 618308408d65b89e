import { chmodSync, writeFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { EXIT, type CliContext } from '../cli.context';
import type { CommandHost } from '../cli.options';
import { readCredentialsFile } from '../identity/credentials.file';
import { mosquittoPasswordFile, type PasswordAccount } from '../identity/mosquitto-passwd';
import { reportError } from './errors';

export interface MosquittoPasswordsOptions {
  credentials: string;
  /** Accounts besides the devices: the hub (`ioc-hub`), integration readers. */
  accounts: PasswordAccount[];
  out: string;
}

/**
 * `ioc-sim mosquitto-passwords`: Mosquitto's password file (`$7$` PBKDF2-SHA512) for the
 * provisioned fleet plus the hub's and integrations' accounts, written with mode 0600
 * (deploy/mosquitto/README.md).
 */
export function mosquittoPasswordsCommand(
  options: MosquittoPasswordsOptions,
  ctx: CliContext,
): number {
  try {
    const devices = readCredentialsFile(options.credentials);
    const accounts: PasswordAccount[] = [
      ...options.accounts,
      ...[...devices.values()].map(({ username, password }) => ({ username, password })),
    ];
    writeFileSync(options.out, mosquittoPasswordFile(accounts), { mode: 0o600 });
    chmodSync(options.out, 0o600);
    ctx.out(
      `mosquitto-passwords: ${devices.size} device(s) and ${options.accounts.length} other account(s) written to ${options.out}`,
    );
    return EXIT.ok;
  } catch (error) {
    return reportError(error, ctx);
  }
}

function account(value: string, previous: PasswordAccount[]): PasswordAccount[] {
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1)
    throw new InvalidArgumentError('expected user:password, e.g. ioc-hub:$HUB_MQTT_PASSWORD');
  return [...previous, { username: value.slice(0, colon), password: value.slice(colon + 1) }];
}

interface Flags {
  credentials: string;
  account: PasswordAccount[];
  out: string;
}

export function register(program: Command, { ctx, done }: CommandHost): void {
  program
    .command('mosquitto-passwords')
    .description(
      "Write Mosquitto's password file for the provisioned fleet (from a credentials file) and the hub's " +
        "and integrations' accounts; use it with deploy/mosquitto/mosquitto.conf.",
    )
    .addOption(
      new Option(
        '--credentials <file>',
        'the credentials file ioc-sim provision wrote',
      ).makeOptionMandatory(),
    )
    .addOption(
      new Option(
        '--account <user:password>',
        'another account (the hub: ioc-hub; integration readers); repeatable',
      )
        .default([])
        .argParser(account),
    )
    .addOption(
      new Option('--out <file>', 'the password file to write (mode 0600)').makeOptionMandatory(),
    )
    .addHelpText(
      'after',
      `
Example:
  ioc-sim mosquitto-passwords --credentials creds.json --account "ioc-hub:$HUB_MQTT_PASSWORD" --out /etc/mosquitto/ioc.passwd`,
    )
    .action((flags: Flags) => {
      done(
        mosquittoPasswordsCommand(
          { credentials: flags.credentials, accounts: flags.account, out: flags.out },
          ctx,
        ),
      );
    });
}
