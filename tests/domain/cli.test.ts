// The command line from the outside (a real `npm run --silent cli` process) and, for the many error cases,
// through its run() entry point.
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { run } from '../../server/cli/commands.js';

const root = new URL('../..', import.meta.url).pathname;

function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(
    args,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run cli', () => {
  it('prints one JSON object of deadlines', () => {
    const stdout = execFileSync(
      'npm',
      ['run', '--silent', 'cli', '--', 'deadlines', '--profile', 'hos-code-2024', '--received', '2024-12-20'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(stdout)).toMatchObject({
      profile: 'hos-code-2024',
      region: 'england-and-wales',
      stage1: { acknowledgeBy: '2024-12-31', respondBy: '2025-01-15', respondByWithMaxExtension: '2025-01-29' },
      escalation: { requestBy: null },
      stage2: { acknowledgeBy: null, respondBy: null, respondByWithMaxExtension: null },
    });
  });

  it('exits non-zero with a one-line message for an unknown profile', () => {
    const r = spawnSync(
      'npm',
      ['run', '--silent', 'cli', '--', 'deadlines', '--profile', 'nope', '--received', '2024-01-01'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown profile 'nope'/);
  });
});

describe('deadlines', () => {
  it('uses the events given and the region', () => {
    const r = cli(
      'deadlines',
      '--profile',
      'hos-code-2024',
      '--received',
      '2025-04-14',
      '--acknowledged',
      '2025-04-15',
      '--responded',
      '2025-04-25',
      '--escalation-requested',
      '2025-05-01',
      '--stage2-acknowledged',
      '2025-05-02',
      '--region',
      'scotland',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.region).toBe('scotland');
    // Scotland has no Easter Monday: 16, 17, 22, 23, 24 (Good Friday 18 April)
    expect(j.stage1.acknowledgeBy).toBe('2025-04-22');
    expect(j.stage2.acknowledgeBy).toBe('2025-05-09');
  });

  it('prints null where the profile sets no such deadline', () => {
    const j = JSON.parse(cli('deadlines', '--profile', 'citizen-2020', '--received', '2024-03-27').out);
    expect(j.stage1).toEqual({ acknowledgeBy: '2024-04-03', respondBy: null, respondByWithMaxExtension: null });
    expect(j.escalation.requestBy).toBeNull();
    expect(j.stage2).toEqual({ acknowledgeBy: null, respondBy: null, respondByWithMaxExtension: null });
  });

  it.each([
    [['deadlines', '--profile', 'hos-code-2024', '--received', '2023-02-29'], /not a real date/],
    [['deadlines', '--profile', 'hos-code-2024', '--received', '2024-02-30'], /not a real date/],
    [['deadlines', '--profile', 'hos-code-2024'], /missing --received/],
    [['deadlines', '--received', '2024-01-01'], /missing --profile/],
    [['deadlines', '--profile', 'hos-code-2024', '--received'], /--received needs a value/],
    [['deadlines', '--profile', 'hos-code-2024', '--received', '2024-01-01', '--region', 'wales'], /unknown region/],
    [
      ['deadlines', '--profile', 'hos-code-2024', '--received', '2024-01-10', '--acknowledged', '2024-01-09'],
      /before --received/,
    ],
    [
      ['deadlines', '--profile', 'hos-code-2024', '--received', '2024-01-10', '--colour', 'red'],
      /unknown option --colour/,
    ],
    [['frobnicate'], /unknown command/],
    [[], /usage/],
    [
      ['screen', '--profile', 'hos-code-2024', '--received', '2024-01-10', '--exception', 'because'],
      /unknown exception/,
    ],
    [
      ['screen', '--profile', 'hos-code-2024', '--received', '2024-01-10', '--issue-date', '2024-02-01'],
      /after --received/,
    ],
  ])('%j is refused with one line', (args, message) => {
    const r = cli(...(args as string[]));
    expect(r.code).not.toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    if (args.length > 0) expect(r.err.split('\n')).toHaveLength(1);
  });
});

describe('screen', () => {
  it('refuses a complaint older than the profile allows, and accepts it with an allowed exception', () => {
    const refused = JSON.parse(
      cli('screen', '--profile', 'connect-2022', '--received', '2024-03-01', '--issue-date', '2023-08-20').out,
    );
    expect(refused.accepted).toBe(false);
    expect(refused.reasons[0]).toMatch(/more than 6 months/);
    const accepted = JSON.parse(
      cli(
        'screen',
        '--profile',
        'connect-2022',
        '--received',
        '2024-03-01',
        '--issue-date',
        '2023-08-20',
        '--exception',
        'safeguarding',
        '--exception',
        'damp-mould',
      ).out,
    );
    expect(accepted.accepted).toBe(true);
  });

  it('uses the later awareness date for the Code', () => {
    const j = JSON.parse(
      cli(
        'screen',
        '--profile',
        'hos-code-2024',
        '--received',
        '2024-06-10',
        '--issue-date',
        '2023-05-01',
        '--aware-date',
        '2023-07-01',
      ).out,
    );
    expect(j).toMatchObject({ accepted: true, reasons: [] });
  });
});
