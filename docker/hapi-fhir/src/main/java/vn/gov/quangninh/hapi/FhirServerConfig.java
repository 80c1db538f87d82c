package vn.gov.quangninh.hapi;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.DatabaseBinaryContentStorageSvcImpl;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.SearchTotalModeEnum;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;

/**
 * The FHIR R4 JPA server: HAPI's own JPA configuration, our storage settings,
 * and the RestfulServer servlet mounted at /fhir/* in an embedded Tomcat.
 */
@Configuration
@Import({
	JpaR4Config.class,
	HapiJpaConfig.class,
	JpaBatch2Config.class,
	Batch2JobsConfig.class,
	ThreadPoolFactoryConfig.class,
	// In-memory message channels; batch2 (reindex jobs) needs them. Despite the name no
	// subscription matching or delivery is configured.
	SubscriptionChannelConfig.class,
	DatabaseConfig.class,
	ImplementationGuideConfig.class
})
public class FhirServerConfig {

	static final int DEFAULT_PAGE_SIZE = 20;
	static final int MAX_PAGE_SIZE = 200;

	@Bean
	public JpaStorageSettings jpaStorageSettings() {
		JpaStorageSettings storage = new JpaStorageSettings();
		storage.setAllowExternalReferences(false);
		storage.setAllowMultipleDelete(false);
		storage.setAllowContainsSearches(false);
		storage.setAutoCreatePlaceholderReferenceTargets(false);
		storage.setExpungeEnabled(false);
		storage.setDeleteExpungeEnabled(false);
		// Searches count their matches (clients may still ask for _total=none).
		storage.setDefaultTotalMode(SearchTotalModeEnum.ACCURATE);
		// No full-text indexing (no Lucene, no Elasticsearch).
		storage.setAdvancedHSearchIndexing(false);
		storage.setStoreResourceInHSearchIndex(false);
		// No subscriptions: no subscription module is configured and no channel type enabled.
		return storage;
	}

	@Bean
	public PartitionSettings partitionSettings() {
		return new PartitionSettings();
	}

	@Lazy
	@Bean
	public IBinaryStorageSvc binaryStorageSvc() {
		return new DatabaseBinaryContentStorageSvcImpl();
	}

	@Bean
	public RestfulServer fhirRestfulServer(
			FhirContext fhirContext,
			IFhirSystemDao<?, ?> systemDao,
			IJpaSystemProvider systemProvider,
			ResourceProviderFactory resourceProviders,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			DatabaseBackedPagingProvider pagingProvider) {
		fhirContext.setNarrativeGenerator(new NullNarrativeGenerator());

		RestfulServer server = new RestfulServer(fhirContext);
		server.registerProviders(resourceProviders.createProviders());
		server.registerProvider(systemProvider);

		JpaCapabilityStatementProvider capabilityStatement = new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport);
		capabilityStatement.setImplementationDescription("Quang Ninh HAPI FHIR R4 server");
		server.setServerConformanceProvider(capabilityStatement);

		pagingProvider.setDefaultPageSize(DEFAULT_PAGE_SIZE);
		pagingProvider.setMaximumPageSize(MAX_PAGE_SIZE);
		server.setPagingProvider(pagingProvider);

		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		server.setServerAddressStrategy(new IncomingRequestAddressStrategy());
		return server;
	}

	@Bean
	public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer server) {
		ServletRegistrationBean<RestfulServer> registration = new ServletRegistrationBean<>(server, "/fhir/*");
		registration.setName("fhir");
		// Initialise the FHIR servlet at start-up, not on the first request.
		registration.setLoadOnStartup(1);
		return registration;
	}

	@Bean
	public TomcatServletWebServerFactory webServerFactory(LauncherSettings settings) throws UnknownHostException {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		factory.setAddress(InetAddress.getByName(settings.bindAddress()));
		factory.setPort(settings.port());
		return factory;
	}
}
