// The embedded psql port as Java users reach it (issue #14): pgjdbc (Debian's libpostgresql-jdbc-java)
// with four connections in threads at once, server-side prepared statements from the first
// execution (prepareThreshold=1), a read-only error with its SQLSTATE, a transaction, and a session
// setting that stays the connection's own. Prints one JSON object for db/wire/test/drivers.test.ts.
//
// usage: java -cp /usr/share/java/postgresql.jar JdbcClients.java PORT
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

public class JdbcClients {
  public static void main(String[] args) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/postgres";
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("prepareThreshold", "1");
    props.setProperty("sslmode", "disable");

    AtomicInteger correct = new AtomicInteger();
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      final int worker = n;
      Thread thread = new Thread(() -> {
        try (Connection conn = DriverManager.getConnection(url, props);
            PreparedStatement doubled = conn.prepareStatement("SELECT ?::int * 2")) {
          try (Statement st = conn.createStatement()) {
            st.execute("SET TIME ZONE 'Asia/Tokyo'");
          }
          for (int i = 0; i < 50; i++) {
            doubled.setInt(1, worker * 1000 + i);
            try (ResultSet rs = doubled.executeQuery()) {
              rs.next();
              if (rs.getInt(1) == (worker * 1000 + i) * 2) correct.incrementAndGet();
            }
          }
          try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SHOW TimeZone")) {
            rs.next();
            if (!rs.getString(1).equals("Asia/Tokyo")) errors.add("lost its TimeZone: " + rs.getString(1));
          }
        } catch (SQLException e) {
          errors.add(e.getSQLState() + ": " + e.getMessage());
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) thread.join();

    String writeState;
    long inTransaction;
    try (Connection conn = DriverManager.getConnection(url, props)) {
      try (Statement st = conn.createStatement()) {
        st.executeUpdate("DELETE FROM models");
        writeState = "allowed";
      } catch (SQLException e) {
        writeState = e.getSQLState();
      }
      conn.setAutoCommit(false);
      try (Statement st = conn.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM subreddit_seriousness_hourly")) {
        rs.next();
        inTransaction = rs.getLong(1);
      }
      conn.commit();
    }
    System.out.println(
        "{\"jdbc_queries_ok\": " + (correct.get() == 200)
            + ", \"jdbc_errors\": " + errors.size()
            + ", \"jdbc_first_error\": \"" + String.valueOf(errors.peek()).replace("\"", "'") + "\""
            + ", \"jdbc_write_sqlstate\": \"" + writeState + "\""
            + ", \"jdbc_in_transaction\": " + inTransaction + "}");
  }
}
