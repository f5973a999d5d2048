package dev.tributary.handlers.lambda;

import static dev.tributary.handlers.internal.Config.set;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.tributary.core.ConfigKey;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import dev.tributary.handlers.internal.Config;
import dev.tributary.handlers.internal.LambdaLimits;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: lambda}. Keys: {@code class} (a {@code RequestHandler<DynamodbEvent, ?>} with a
 * public no-arg constructor, loaded by name from the context class loader), {@code function-name},
 * {@code timeout}, {@code memory-mb}, {@code failure-scope}, {@code idempotent}, {@code snapshots};
 * see {@link #KEYS}.
 */
public final class LambdaHandlerFactory implements HandlerFactory {
  static final ConfigKey<String> CLASS =
      ConfigKey.string(
          "class", "the RequestHandler<DynamodbEvent, ?> class, e.g. com.example.OrderStream");
  static final ConfigKey<String> FUNCTION_NAME =
      ConfigKey.string("function-name", "the name the Context reports; default pipeline.handler");
  static final ConfigKey<Duration> TIMEOUT =
      ConfigKey.duration("timeout", "what getRemainingTimeInMillis counts down from")
          .withDefault(Duration.ofMinutes(1));
  static final ConfigKey<Integer> MEMORY =
      ConfigKey.integer(
              "memory-mb",
              "what getMemoryLimitInMB reports",
              LambdaLimits.MIN_MEMORY_MB,
              LambdaLimits.MAX_MEMORY_MB)
          .withDefault(512);
  static final ConfigKey<FailureScope> SCOPE =
      ConfigKey.oneOf(
              "failure-scope",
              "items (only named records) or from-lowest (Lambda's tail)",
              FailureScope.class)
          .withDefault(FailureScope.ITEMS);
  static final ConfigKey<Boolean> IDEMPOTENT =
      ConfigKey.bool("idempotent", "the function is idempotent on eventID").withDefault(false);
  static final ConfigKey<Boolean> SNAPSHOTS =
      ConfigKey.bool("snapshots", "deliver snapshot (backfill) INSERTs").withDefault(false);

  /** Every key this factory reads. */
  public static final List<ConfigKey<?>> KEYS =
      List.of(CLASS, FUNCTION_NAME, TIMEOUT, MEMORY, SCOPE, IDEMPOTENT, SNAPSHOTS);

  @Override
  public String type() {
    return "lambda";
  }

  @Override
  public ChangeHandler create(Map<String, Object> config) {
    Config c = Config.of(type(), config, KEYS);
    LambdaHandlerAdapter.Builder b = LambdaHandlerAdapter.builder(instantiate(c.require(CLASS)));
    set(c, FUNCTION_NAME, b::functionName);
    set(c, TIMEOUT, b::timeout);
    set(c, MEMORY, b::memoryMb);
    set(c, SCOPE, b::failureScope);
    set(c, IDEMPOTENT, b::idempotent);
    set(c, SNAPSHOTS, b::snapshotEvents);
    return b.build();
  }

  @SuppressWarnings(
      "unchecked") // checked: a RequestHandler whose input is DynamodbEvent (or erased)
  static RequestHandler<DynamodbEvent, ?> instantiate(String className) {
    String where = "lambda handler: key 'class': ";
    ClassLoader loader =
        Optional.ofNullable(Thread.currentThread().getContextClassLoader())
            .orElse(LambdaHandlerFactory.class.getClassLoader());
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          where + "class '" + className + "' not found on the class path", e);
    }
    if (!RequestHandler.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          where
              + className
              + " does not implement "
              + RequestHandler.class.getName()
              + "<DynamodbEvent, ...>");
    }
    inputType(type)
        .filter(t -> t != DynamodbEvent.class)
        .ifPresent(
            t -> {
              throw new IllegalArgumentException(
                  where
                      + className
                      + " handles "
                      + t.getTypeName()
                      + ", not "
                      + DynamodbEvent.class.getName());
            });
    if (Modifier.isAbstract(type.getModifiers())) {
      throw new IllegalArgumentException(where + className + " is abstract");
    }
    try {
      Constructor<?> ctor = type.getDeclaredConstructor();
      if (!Modifier.isPublic(ctor.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
        ctor.setAccessible(true);
      }
      return (RequestHandler<DynamodbEvent, ?>) ctor.newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(where + className + " has no no-arg constructor", e);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(
          where + className + "'s constructor threw " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalArgumentException(where + "cannot create " + className + ": " + e, e);
    }
  }

  /** The I of RequestHandler<I, O> as the class declares it, when it is a plain class. */
  private static Optional<Type> inputType(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Type t : c.getGenericInterfaces()) {
        if (t instanceof ParameterizedType p
            && p.getRawType() == RequestHandler.class
            && p.getActualTypeArguments()[0] instanceof Class<?> input) {
          return Optional.of(input);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return KEYS;
  }
}
