package vn.gov.quangninh.hapi;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the Quang Ninh HAPI FHIR R4 JPA server. Configuration comes only from
 * environment variables (see {@link LauncherSettings}); no Spring auto-configuration is used.
 */
public final class Application {

	private static final Logger log = LoggerFactory.getLogger(Application.class);

	private Application() {}

	public static void main(String[] args) {
		long start = System.nanoTime();
		LauncherSettings settings;
		try {
			settings = LauncherSettings.fromEnvironment(System.getenv());
			settings.validate();
		} catch (IllegalArgumentException e) {
			log.error("HAPI FHIR failed to start: invalid configuration: {}", e.getMessage());
			System.exit(2);
			return;
		}
		ConfigurableApplicationContext context;
		try {
			context = start(settings);
		} catch (RuntimeException e) {
			log.error("HAPI FHIR failed to start: {}", rootMessage(e));
			System.exit(1);
			return;
		}
		var installed = context.getBean(ImplementationGuideConfig.InstalledPackages.class);
		var enforcement = context.getBean(ImplementationGuideConfig.ProfileEnforcement.class);
		log.info(
				"HAPI FHIR ready on {} (database: {}, packages: {}, enforced profiles: {}) in {} s",
				settings.baseUrl(),
				settings.database().name().toLowerCase(),
				installed.packageIds().isEmpty() ? "none" : String.join(", ", installed.packageIds()),
				enforcement.profileCount(),
				String.format("%.1f", Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0));
	}

	/** Builds and starts the server; also used by the integration test. */
	public static ConfigurableApplicationContext start(LauncherSettings settings) {
		SpringApplication app = new SpringApplication(FhirServerConfig.class);
		app.setWebApplicationType(WebApplicationType.SERVLET);
		app.setBannerMode(Banner.Mode.OFF);
		app.setRegisterShutdownHook(true);
		// HAPI's JPA beans reference each other in cycles (as in hapi-fhir-jpaserver-starter).
		app.setAllowCircularReferences(true);
		app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("launcherSettings", settings));
		return app.run();
	}

	private static String rootMessage(Throwable e) {
		String message = e.getMessage();
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof IllegalStateException && t.getMessage() != null) {
				message = t.getMessage();
			}
		}
		return message;
	}
}
