package vn.gov.quangninh.hapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real server on H2 in a temporary directory with the test package installed.
 * Not part of the default build: run with {@code mvn -B -f docker/hapi-fhir/pom.xml -Pit verify}.
 */
class LauncherIntegrationTest {

	private static final String PROFILE = "http://example.org/StructureDefinition/test-patient";
	private static final HttpClient http = HttpClient.newHttpClient();
	private static ConfigurableApplicationContext server;
	private static String base;

	@BeforeAll
	static void startServer() throws IOException {
		Path dataDir = Files.createTempDirectory("hapi-it");
		int port = freePort();
		Path pkg = Path.of("src/test/resources/test-patient-package.tgz").toAbsolutePath();
		LauncherSettings settings = new LauncherSettings(
				"127.0.0.1",
				port,
				dataDir,
				"jdbc:h2:file:" + dataDir.resolve("hapi") + ";DB_CLOSE_ON_EXIT=FALSE",
				"",
				"",
				List.of(pkg),
				true);
		settings.validate();
		server = Application.start(settings);
		base = settings.baseUrl();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void metadataAnswers200() throws Exception {
		assertEquals(200, get("/metadata").statusCode());
	}

	@Test
	void patientMeetingTheProfileIsCreated() throws Exception {
		HttpResponse<String> response = post("/Patient", patient("\"meta\":{\"profile\":[\"" + PROFILE + "\"]},", "012345678901"));
		assertEquals(201, response.statusCode(), response.body());
	}

	@Test
	void patientBreakingTheInvariantIsRejectedWithTheInvariantNamed() throws Exception {
		HttpResponse<String> response = post("/Patient", patient("\"meta\":{\"profile\":[\"" + PROFILE + "\"]},", "12AB"));
		assertClientError(response);
		assertTrue(response.body().contains("OperationOutcome"), response.body());
		assertTrue(response.body().contains("test-pat-1"), response.body());
		assertTrue(response.body().contains("Identifier value must be exactly 12 digits"), response.body());
	}

	@Test
	void patientNotDeclaringTheProfileIsRejected() throws Exception {
		HttpResponse<String> response = post("/Patient", patient("", "012345678901"));
		assertClientError(response);
		assertTrue(response.body().contains(PROFILE), response.body());
	}

	@Test
	void resourceOfATypeWithoutProfileIsAccepted() throws Exception {
		HttpResponse<String> response =
				post("/Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"t\"}}");
		assertEquals(201, response.statusCode(), response.body());
	}

	private static String patient(String meta, String identifierValue) {
		return "{\"resourceType\":\"Patient\"," + meta
				+ "\"identifier\":[{\"system\":\"urn:example:id\",\"value\":\"" + identifierValue + "\"}]}";
	}

	private static void assertClientError(HttpResponse<String> response) {
		assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, response.statusCode() + " " + response.body());
	}

	private static HttpResponse<String> get(String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> post(String path, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
				.header("Content-Type", "application/fhir+json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
