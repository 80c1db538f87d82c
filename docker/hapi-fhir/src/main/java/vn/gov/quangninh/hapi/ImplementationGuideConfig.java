package vn.gov.quangninh.hapi;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.interceptor.validation.RepositoryValidatingInterceptor;
import ca.uhn.fhir.jpa.interceptor.validation.RepositoryValidatingRuleBuilder;
import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Installs the FHIR NPM packages named in HAPI_IG_PACKAGES (no network: the package
 * comes from the file, dependencies are not fetched), then enforces the profiles they
 * define: every resource type constrained by a package profile must declare one of
 * those profiles in meta.profile and validate against it.
 */
@Configuration
public class ImplementationGuideConfig {

	private static final Logger log = LoggerFactory.getLogger(ImplementationGuideConfig.class);

	/** What was installed at start-up: package ids, and the enforced profiles per resource type. */
	public record InstalledPackages(List<String> packageIds, Map<String, List<String>> profilesByType) {
		public int profileCount() {
			return profilesByType.values().stream().mapToInt(List::size).sum();
		}
	}

	@Bean
	public InstalledPackages installedPackages(
			LauncherSettings settings,
			IPackageInstallerSvc installer,
			IHapiPackageCacheManager packageCache,
			FhirContext fhirContext) {
		List<String> ids = new ArrayList<>();
		Map<String, TreeSet<String>> profiles = new TreeMap<>();
		for (Path file : settings.igPackages()) {
			byte[] contents = readPackageFile(file);
			NpmPackage npm = parsePackage(file, contents);
			String id = npm.name() + "#" + npm.version();
			installOnce(installer, packageCache, file, npm, contents);
			collectConstrainedProfiles(fhirContext, file, npm, profiles);
			ids.add(id);
		}
		Map<String, List<String>> byType = new TreeMap<>();
		profiles.forEach((type, urls) -> byType.put(type, List.copyOf(urls)));
		return new InstalledPackages(List.copyOf(ids), byType);
	}

	/**
	 * The profile rules, built after the packages are installed (so the validator finds
	 * their StructureDefinitions) and registered with the JPA interceptor service: they
	 * apply to every create and update, whether single or inside a transaction bundle.
	 */
	@Bean
	public ProfileEnforcement profileEnforcement(
			LauncherSettings settings,
			InstalledPackages installed,
			IInterceptorService interceptorService,
			ObjectProvider<RepositoryValidatingRuleBuilder> ruleBuilders,
			FhirContext fhirContext) {
		if (!settings.enforceProfiles() || installed.profilesByType().isEmpty()) {
			return new ProfileEnforcement(false, Map.of());
		}
		RepositoryValidatingRuleBuilder rules = ruleBuilders.getObject();
		for (Map.Entry<String, List<String>> entry : installed.profilesByType().entrySet()) {
			// Each typed rule adds itself to the builder's list.
			rules.forResourcesOfType(entry.getKey())
					.requireAtLeastOneProfileOf(entry.getValue().toArray(String[]::new))
					.and()
					.requireValidationToDeclaredProfiles();
		}
		RepositoryValidatingInterceptor interceptor = new RepositoryValidatingInterceptor(fhirContext, rules.build());
		interceptorService.registerInterceptor(interceptor);
		log.info("Profile enforcement: {}", interceptor.describeRules());
		return new ProfileEnforcement(true, installed.profilesByType());
	}

	public record ProfileEnforcement(boolean enabled, Map<String, List<String>> profilesByType) {
		public int profileCount() {
			return enabled ? profilesByType.values().stream().mapToInt(List::size).sum() : 0;
		}
	}

	private static void installOnce(
			IPackageInstallerSvc installer,
			IHapiPackageCacheManager packageCache,
			Path file,
			NpmPackage npm,
			byte[] contents) {
		String id = npm.name() + "#" + npm.version();
		PackageInstallationSpec spec = new PackageInstallationSpec()
				.setName(npm.name())
				.setVersion(npm.version())
				.setPackageContents(contents)
				.setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL)
				.setFetchDependencies(false);

		IHapiPackageCacheManager.PackageContents stored = packageCache.loadPackageContents(npm.name(), npm.version());
		if (stored != null && Arrays.equals(stored.getBytes(), contents)) {
			log.info("Package {} already installed with identical contents, skipping ({})", id, file);
			return;
		}
		if (stored != null) {
			// Same version, new contents (a rebuilt package during development): replace it.
			log.info("Package {} changed on disk since it was installed, reinstalling ({})", id, file);
			installer.uninstall(spec);
		}
		long start = System.nanoTime();
		try {
			installer.install(spec);
		} catch (RuntimeException e) {
			throw new IllegalStateException("Could not install FHIR package " + id + " from " + file + ": " + e.getMessage(), e);
		}
		log.info("Installed package {} from {} in {} ms", id, file, (System.nanoTime() - start) / 1_000_000);
	}

	/** Profiles (derivation = constraint, kind = resource) defined by the package, by resource type. */
	private static void collectConstrainedProfiles(
			FhirContext fhirContext, Path file, NpmPackage npm, Map<String, TreeSet<String>> profiles) {
		try {
			for (String name : npm.listResources("StructureDefinition")) {
				StructureDefinition sd;
				try (InputStream in = npm.loadResource(name)) {
					sd = fhirContext.newJsonParser().parseResource(StructureDefinition.class, in);
				}
				if (sd.getDerivation() == StructureDefinition.TypeDerivationRule.CONSTRAINT
						&& sd.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE
						&& sd.hasUrl()
						&& sd.hasType()) {
					profiles.computeIfAbsent(sd.getType(), t -> new TreeSet<>()).add(sd.getUrl());
				}
			}
		} catch (IOException e) {
			throw new IllegalStateException("Could not read StructureDefinitions of FHIR package " + file + ": " + e.getMessage(), e);
		}
	}

	private static byte[] readPackageFile(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new IllegalStateException("FHIR package file not found: " + file + " (listed in HAPI_IG_PACKAGES)");
		}
		try {
			return Files.readAllBytes(file);
		} catch (IOException e) {
			throw new IllegalStateException("Could not read FHIR package file " + file + ": " + e.getMessage(), e);
		}
	}

	private static NpmPackage parsePackage(Path file, byte[] contents) {
		try {
			NpmPackage npm = NpmPackage.fromPackage(new ByteArrayInputStream(contents));
			if (npm.name() == null || npm.version() == null) {
				throw new IOException("package/package.json has no name or version");
			}
			return npm;
		} catch (IOException | RuntimeException e) {
			throw new IllegalStateException("Not a valid FHIR NPM package: " + file + ": " + e.getMessage(), e);
		}
	}
}
