/** The Temporal server binaries the tests use: the pinned copies `scripts/setup.sh` installs, unless overridden. */
export { temporalCliPath, testServerPath } from '../../libs/temporal/src/binaries';
