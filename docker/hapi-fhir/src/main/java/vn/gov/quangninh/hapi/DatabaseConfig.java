package vn.gov.quangninh.hapi;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/** Connection pool, Hibernate and transactions for H2 (default) or PostgreSQL. */
@Configuration
public class DatabaseConfig {

	@Bean(destroyMethod = "close")
	public DataSource dataSource(LauncherSettings settings) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("hapi");
		config.setJdbcUrl(settings.dbUrl());
		config.setUsername(settings.dbUsername());
		config.setPassword(settings.dbPassword());
		config.setDriverClassName(
				switch (settings.database()) {
					case H2 -> org.h2.Driver.class.getName();
					case POSTGRESQL -> org.postgresql.Driver.class.getName();
				});
		config.setMaximumPoolSize(10);
		return new HikariDataSource(config);
	}

	@Primary
	@Bean
	public LocalContainerEntityManagerFactoryBean entityManagerFactory(
			ConfigurableListableBeanFactory beanFactory,
			FhirContext fhirContext,
			JpaStorageSettings storageSettings,
			DataSource dataSource,
			LauncherSettings settings) {
		LocalContainerEntityManagerFactoryBean factory =
				HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
		factory.setPersistenceUnitName("HAPI_PU");
		factory.setDataSource(dataSource);
		factory.setJpaProperties(hibernateProperties(settings));
		return factory;
	}

	@Primary
	@Bean
	public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
		return new JpaTransactionManager(entityManagerFactory);
	}

	private static Properties hibernateProperties(LauncherSettings settings) {
		Properties properties = new Properties();
		properties.put(
				"hibernate.dialect",
				switch (settings.database()) {
					case H2 -> HapiFhirH2Dialect.class.getName();
					case POSTGRESQL -> HapiFhirPostgresDialect.class.getName();
				});
		// Create the schema on first start, add what is missing on later starts.
		properties.put("hibernate.hbm2ddl.auto", "update");
		properties.put("hibernate.format_sql", "false");
		properties.put("hibernate.show_sql", "false");
		properties.put("hibernate.jdbc.batch_size", "20");
		properties.put("hibernate.cache.use_query_cache", "false");
		properties.put("hibernate.cache.use_second_level_cache", "false");
		properties.put("hibernate.cache.use_minimal_puts", "false");
		properties.put("hibernate.cache.use_structured_entries", "false");
		// No Lucene / Elasticsearch: keeps start-up fast and the footprint small.
		properties.put("hibernate.search.enabled", "false");
		return properties;
	}
}
