import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../shared/log.js';

const SLACK_LEVEL = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** Our logger speaks the Slack SDKs' Logger interface except getLevel, which they want as their enum. */
export function slackLogger(logger: Logger): SlackLogger {
  return {
    debug: logger.debug,
    info: logger.info,
    warn: logger.warn,
    error: logger.error,
    setLevel: logger.setLevel,
    setName: logger.setName,
    getLevel: () => SLACK_LEVEL[logger.getLevel()],
  };
}

export function slackLogLevel(logger: Logger): LogLevel {
  return SLACK_LEVEL[logger.getLevel()];
}
