// The `topolab` command line: argument parsing and error-to-exit-code mapping;
// the commands themselves live in cli/commands.ts. Every read command takes --json.
import { Command, CommanderError } from 'commander';
import { runInspect } from './cli/inspect';
import { runTest } from './cli/test';
import { runTrace, type TraceCliOptions } from './cli/trace';
import { connectEngine, EngineUnreachableError } from './docker/engine';
import { hasErrors } from './model/diagnostics';
import { LabFileError, checkLabText, readLabFile } from './lab-service';
import { consolePrinter, printDiagnostics } from './cli/output';
import { CliExit, EXIT_LAB_ERROR, EXIT_OK, EXIT_USAGE, usage } from './cli/exit';
import { runDown, runExec, runImagesBuild, runPlan, runStatus, runUp } from './cli/commands';

export async function main(argv: string[]): Promise<number> {
  // `topolab trace … | head`: the reader went away; that ends the output, it is no failure.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(EXIT_OK);
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? EXIT_OK : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CliExit) return error.code;
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof EngineUnreachableError || error instanceof LabFileError) {
      consolePrinter.err(error.message);
      return EXIT_LAB_ERROR;
    }
    consolePrinter.err(`topolab: ${(error as Error).message}`);
    if (process.env.TOPOLAB_DEBUG) consolePrinter.err((error as Error).stack);
    return EXIT_LAB_ERROR;
  }
}

function buildProgram(): Command {
  const program = new Command('topolab')
    .description('Build container networking labs from a lab file: real Docker networks and containers.')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('validate <file>')
    .description('check a lab file without touching the engine')
    .option('--json', 'print diagnostics as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const checked = checkLabText(await readLabFile(file));
      if (opts.json) consolePrinter.out(JSON.stringify({ file, valid: !hasErrors(checked.diagnostics), diagnostics: checked.diagnostics }, null, 2));
      else if (checked.diagnostics.length === 0) consolePrinter.out(`${file}: valid.`);
      else printDiagnostics(consolePrinter, checked.diagnostics, file);
      if (hasErrors(checked.diagnostics)) throw new CliExit(EXIT_LAB_ERROR);
    });

  program
    .command('plan <file>')
    .description('show what `up` would change, and why (changes nothing)')
    .option('--json', 'print the plan as JSON')
    .action(async (file: string, opts: { json?: boolean }) => runPlan(await engine(), file, opts));

  program
    .command('up <file>')
    .description('create or update the lab on the Docker engine')
    .option('--json', 'print progress events and the result as JSON lines')
    .option('-j, --concurrency <n>', 'operations run at once (default: number of CPUs)', (v) => positiveInt(v, '--concurrency'))
    .action(async (file: string, opts: { json?: boolean; concurrency?: number }) => runUp(await engine(), file, opts));

  program
    .command('status <file>')
    .description('show every node and network of the lab as the engine has it')
    .option('--json', 'print status as JSON')
    .action(async (file: string, opts: { json?: boolean }) => runStatus(await engine(), file, opts));

  program
    .command('exec <file> <node> <command...>')
    .description('run a command in a node, e.g. `topolab exec lab.yaml web -- ping -c1 db`')
    .action(async (file: string, node: string, command: string[]) => runExec(await engine(), file, node, command));

  program
    .command('test <file>')
    .description("deploy the lab if needed and check its expectations for real (exit 1 when one fails)")
    .option('--no-up', 'check the lab as it runs, without deploying it first')
    .option('--json', 'print the results as JSON')
    .action(async (file: string, opts: { json?: boolean; up?: boolean }) => runTest(await engine(), file, opts));

  program
    .command('inspect <file> <what>')
    .description("the inside of a node (interfaces, routes, ARP, sockets, firewall, sysctls, DNS, processes), a network (Docker's definition and the kernel's bridge, ports, FDB; an overlay on each virtual host it spans), 'host' (the engine's host) or a virtual or remote host's id (its bridges, veths, VXLAN, iptables)")
    .option('--json', 'print everything as JSON')
    .action(async (file: string, what: string, opts: { json?: boolean }) => runInspect(await engine(), file, what, opts));

  program
    .command('trace <file>')
    .description('send one real packet and show every hop it takes, and why it stops if it does')
    .requiredOption('--from <node>', "the node to send from (or 'host', the engine host)")
    .requiredOption('--to <target>', 'a node id or an IPv4 address')
    .option('--proto <protocol>', 'icmp | tcp | udp', 'icmp')
    .option('--port <n>', 'the TCP or UDP port', (v) => positiveInt(v, '--port'))
    .option('--pcap <file>', 'write every captured frame to a .pcap file (opens in Wireshark)')
    .option('--json', 'print the hop list and verdict as JSON')
    .action(async (file: string, opts: TraceCliOptions) => runTrace(await engine(), file, opts));

  program
    .command('down [file]')
    .description('remove every object the lab created (by label, on every host of the file), and nothing else')
    .option('--lab <name>', 'the lab name, when the file is gone (remote hosts are then not cleaned)')
    .option('--json', 'print what was removed as JSON')
    .action(async (file: string | undefined, opts: { lab?: string; json?: boolean }) => {
      if (!file && !opts.lab) usage('down needs a lab file or --lab <name>.');
      return runDown(await engine(), file, opts);
    });

  const images = program.command('images').description('lab images, built locally (no registry needed)');
  images
    .command('build')
    .description('build topolab/node and topolab/host (skipped when up to date)')
    .option('--only <name>', 'build one image: node or host')
    .option('--method <method>', 'auto | debootstrap | dockerfile', 'auto')
    .option('--force', 'rebuild even when up to date')
    .option('--json', 'print results as JSON')
    .action(async (opts: { only?: string; method: string; force?: boolean; json?: boolean }) => runImagesBuild(await engine(), opts));

  return program;
}

async function engine() {
  return (await connectEngine()).docker;
}

function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) usage(`${flag} takes a whole number ≥ 1, not "${value}".`);
  return n;
}
