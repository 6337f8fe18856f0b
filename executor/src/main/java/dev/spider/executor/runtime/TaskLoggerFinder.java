package dev.spider.executor.runtime;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@link System.Logger} — the logging API task packages use, as it needs no third-party
 * dependency — into the executor's SLF4J log, each record tagged with the current {@link TaskScope}
 * (package, task, job, request). Registered as the JVM's {@link System.LoggerFinder} through {@code
 * META-INF/services}, so it also receives the JDK's own platform logging.
 *
 * <p>Thread-safe.
 */
public final class TaskLoggerFinder extends System.LoggerFinder {

  @Override
  public System.Logger getLogger(String name, Module module) {
    return new ScopedLogger(name, LoggerFactory.getLogger(name));
  }

  private record ScopedLogger(String name, Logger delegate) implements System.Logger {

    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean isLoggable(Level level) {
      switch (level) {
        case ALL:
        case TRACE:
          return delegate.isTraceEnabled();
        case DEBUG:
          return delegate.isDebugEnabled();
        case INFO:
          return delegate.isInfoEnabled();
        case WARNING:
          return delegate.isWarnEnabled();
        case ERROR:
          return delegate.isErrorEnabled();
        default:
          return false;
      }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      if (isLoggable(level)) {
        emit(level, localize(bundle, msg), thrown);
      }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      if (isLoggable(level)) {
        String pattern = localize(bundle, format);
        String text =
            params == null || params.length == 0
                ? pattern
                : new MessageFormat(pattern).format(params);
        emit(level, text, null);
      }
    }

    @Override
    public void log(Level level, Supplier<String> supplier) {
      if (isLoggable(level)) {
        emit(level, supplier.get(), null);
      }
    }

    private void emit(Level level, String text, Throwable thrown) {
      String line = TaskScope.current().map(s -> "[" + s + "] " + text).orElse(text);
      switch (level) {
        case ALL:
        case TRACE:
          delegate.trace(line, thrown);
          break;
        case DEBUG:
          delegate.debug(line, thrown);
          break;
        case INFO:
          delegate.info(line, thrown);
          break;
        case WARNING:
          delegate.warn(line, thrown);
          break;
        case ERROR:
          delegate.error(line, thrown);
          break;
        default:
          break;
      }
    }

    private static String localize(ResourceBundle bundle, String key) {
      if (bundle != null && key != null && bundle.containsKey(key)) {
        return bundle.getString(key);
      }
      return String.valueOf(key);
    }
  }
}
