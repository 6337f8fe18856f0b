package dev.spider.manager.client;

import java.util.Objects;

/**
 * A call to the scheduler, storage or liveness service failed. The kinds are closed — one final
 * class per kind, shared by the clients that can raise it:
 *
 * <table>
 *   <caption>Error kinds and who raises them</caption>
 *   <tr><th>kind</th><th>raised by</th><th>meaning</th></tr>
 *   <tr><td>{@link TransportException}</td><td>all three</td>
 *       <td>no usable reply: connection lost, request timed out</td></tr>
 *   <tr><td>{@link ServerException}</td><td>scheduler, storage</td>
 *       <td>the service failed, or replied with something unusable</td></tr>
 *   <tr><td>{@link SchedulerProtocolException}</td><td>scheduler</td>
 *       <td>the scheduler's reply is malformed</td></tr>
 *   <tr><td>{@link StaleSessionException}</td><td>storage</td>
 *       <td>the request's storage session is no longer current</td></tr>
 *   <tr><td>{@link CacheStaleException}</td><td>storage</td>
 *       <td>the job or task is no longer runnable (already ended, cancelled)</td></tr>
 *   <tr><td>{@link InvalidInputException}</td><td>storage</td>
 *       <td>the caller sent something storage refuses (a bug of the caller)</td></tr>
 *   <tr><td>{@link MarkedDeadException}</td><td>liveness</td>
 *       <td>storage declared this execution manager dead</td></tr>
 *   <tr><td>{@link IllegalIdException}</td><td>liveness</td>
 *       <td>storage does not know this execution manager's id</td></tr>
 * </table>
 *
 * <p>Each client method declares exactly the kinds it can throw, so the compiler makes a caller
 * handle every one of them (or catch this class on purpose); the method's Javadoc says what the
 * caller should do for each. Messages name the operation and the IDs involved, printed unsigned
 * (the ID records' {@code toString} does that).
 */
public abstract sealed class ClientException extends Exception
    permits TransportException,
        ServerException,
        SchedulerProtocolException,
        StaleSessionException,
        CacheStaleException,
        InvalidInputException,
        MarkedDeadException,
        IllegalIdException {

  private static final long serialVersionUID = 1L;

  ClientException(String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
  }
}
