// `npm run admin -- create-admin --email E --name N [--organisation O]`: creates the first administrator in
// the database the server uses (same DATABASE_URL / DATA_DIR). The password comes from ADMIN_PASSWORD or is
// asked for on a terminal, never from the command line, where it would land in shell history and `ps`.
import { describeDatabase, openAndMigrate } from '../../db/postgres/open.js';
import { AdminSetupError, createFirstAdministrator } from '../admin-setup.js';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../auth/passwords.js';
import { systemClock } from '../clock.js';
import { databaseConfig, readConfig } from '../config.js';

const USAGE = `Usage: npm run admin -- create-admin --email EMAIL --name "DISPLAY NAME" [--organisation "NAME"]

Creates the first administrator. The password is read from ADMIN_PASSWORD, or asked for when run in a
terminal; it must be at least ${MIN_PASSWORD_LENGTH} characters. Uses DATABASE_URL, or the embedded database in
DATA_DIR (default .data) when DATABASE_URL is not set — stop the server first in that case.`;

function parseArgs(argv: readonly string[]): { command: string | undefined; flags: Map<string, string> } {
  const [command, ...rest] = argv;
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (!arg.startsWith('--')) throw new AdminSetupError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else {
      const value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) throw new AdminSetupError(`${arg} needs a value`);
      flags.set(arg.slice(2), value);
      i++;
    }
  }
  return { command, flags };
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stdout.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new AdminSetupError('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.ADMIN_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new AdminSetupError('Set ADMIN_PASSWORD, or run this in a terminal to be asked for the password.');
  }
  const first = await promptHidden(`Password (at least ${MIN_PASSWORD_LENGTH} characters): `);
  const second = await promptHidden('Password again: ');
  if (first !== second) throw new AdminSetupError('The two passwords differ.');
  return first;
}

async function run(argv: readonly string[]): Promise<number> {
  const { command, flags } = parseArgs(argv);
  if (command === undefined || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'create-admin') throw new AdminSetupError(`unknown command '${command}'\n\n${USAGE}`);
  for (const k of flags.keys()) {
    if (!['email', 'name', 'organisation'].includes(k)) throw new AdminSetupError(`unknown option --${k}`);
  }
  const email = flags.get('email');
  const name = flags.get('name');
  if (!email || !name) throw new AdminSetupError(`--email and --name are required\n\n${USAGE}`);
  const password = await readPassword();
  // Refused before touching the database, so a weak password changes nothing.
  const weak = passwordProblem(password);
  if (weak) throw new AdminSetupError(`Refused: ${weak}`);
  const config = readConfig(process.env);
  const dbConfig = databaseConfig(config);
  const { db } = await openAndMigrate(dbConfig);
  try {
    const user = await createFirstAdministrator(db, systemClock, {
      email,
      displayName: name,
      password,
      organisationName: flags.get('organisation'),
    });
    console.log(
      `Created administrator ${user.displayName} <${user.email}> (${user.id}) in ${describeDatabase(dbConfig)}.`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof AdminSetupError ? e.message : `error: ${(e as Error).message}`);
    process.exit(1);
  },
);
