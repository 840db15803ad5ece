import { hideBin } from 'yargs/helpers';
import { EXIT_ON_SIGNAL } from '../util/errors.js';
import { main } from './main.js';

// The process entry (dist/cli/index.js, the package's bin): runs the CLI on this process's argv and ends with its exit code.
const code = await main(hideBin(process.argv));
// An interrupted run may leave a read blocked in the thread pool (a FIFO nobody writes to): exit without waiting for it.
if ((Object.values(EXIT_ON_SIGNAL) as number[]).includes(code)) process.exit(code);
process.exitCode = code;
