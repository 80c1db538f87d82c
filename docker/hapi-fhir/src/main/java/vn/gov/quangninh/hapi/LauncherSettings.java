package vn.gov.quangninh.hapi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the launcher, read once from environment variables at start-up.
 * Each has a default that runs locally (H2 file database under ./data, 127.0.0.1:8090).
 */
public record LauncherSettings(
		String bindAddress,
		int port,
		Path dataDir,
		String dbUrl,
		String dbUsername,
		String dbPassword,
		List<Path> igPackages,
		boolean enforceProfiles) {

	public enum Database {
		H2,
		POSTGRESQL
	}

	public static LauncherSettings fromEnvironment(Map<String, String> env) {
		Path dataDir = Path.of(env.getOrDefault("HAPI_DATA_DIR", "./data")).toAbsolutePath().normalize();
		String defaultDbUrl = "jdbc:h2:file:" + dataDir.resolve("hapi") + ";DB_CLOSE_ON_EXIT=FALSE";
		return new LauncherSettings(
				nonBlank(env.get("HAPI_BIND_ADDRESS"), "127.0.0.1"),
				parsePort(nonBlank(env.get("HAPI_PORT"), "8090")),
				dataDir,
				nonBlank(env.get("HAPI_DB_URL"), defaultDbUrl),
				env.getOrDefault("HAPI_DB_USERNAME", ""),
				env.getOrDefault("HAPI_DB_PASSWORD", ""),
				parsePackages(env.getOrDefault("HAPI_IG_PACKAGES", "")),
				parseBoolean("HAPI_ENFORCE_PROFILES", nonBlank(env.get("HAPI_ENFORCE_PROFILES"), "true")));
	}

	/** Fails before anything starts when the configuration cannot work. */
	public void validate() {
		database();
		for (Path file : igPackages) {
			if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
				throw new IllegalArgumentException("FHIR package file listed in HAPI_IG_PACKAGES not found or not readable: " + file);
			}
		}
	}

	public Database database() {
		if (dbUrl.startsWith("jdbc:postgresql:")) {
			return Database.POSTGRESQL;
		}
		if (dbUrl.startsWith("jdbc:h2:")) {
			return Database.H2;
		}
		throw new IllegalArgumentException(
				"HAPI_DB_URL must start with jdbc:postgresql: or jdbc:h2: (got '" + dbUrl + "')");
	}

	public String baseUrl() {
		return "http://" + bindAddress + ":" + port + "/fhir";
	}

	private static String nonBlank(String value, String fallback) {
		return value == null || value.isBlank() ? fallback : value.trim();
	}

	private static int parsePort(String value) {
		try {
			int port = Integer.parseInt(value);
			if (port < 1 || port > 65535) {
				throw new NumberFormatException();
			}
			return port;
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("HAPI_PORT must be a port number 1-65535 (got '" + value + "')");
		}
	}

	private static boolean parseBoolean(String name, String value) {
		return switch (value.toLowerCase()) {
			case "true", "1", "yes" -> true;
			case "false", "0", "no" -> false;
			default -> throw new IllegalArgumentException(name + " must be true or false (got '" + value + "')");
		};
	}

	private static List<Path> parsePackages(String value) {
		return Arrays.stream(value.split(","))
				.map(String::trim)
				.filter(s -> !s.isEmpty())
				.map(s -> Path.of(s).toAbsolutePath().normalize())
				.toList();
	}
}
