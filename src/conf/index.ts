/**
 * `flagon/conf`: typed settings from the environment, `.env` files and deployment checks.
 * @module
 */
export {
  assertDeployable,
  type CheckLevel,
  type CheckMessage,
  type CheckOptions,
  checkSettings,
  type DeploySettings,
} from "./checks.ts";
export { type DefineConfigOptions, defineConfig, type Settings } from "./define-config.ts";
export { type LoadEnvFileOptions, loadEnvFile, parseDotenv } from "./dotenv.ts";
export { env } from "./env-readers.ts";
export {
  EnvFileError,
  type EnvFileProblem,
  NotDeployableError,
  type SettingProblem,
  SettingsError,
} from "./errors.ts";
export { type EnvSource, EnvSetting, type Parsed, type Parser } from "./setting.ts";
