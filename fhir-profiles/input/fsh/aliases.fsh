// Canonical URLs used across the FSH files. Our canonical base is https://fhir.quangninh.gov.vn.
// Keep this file and src/canonical.ts in step: a unit test compares them with the compiled package.

// Identifier systems (NamingSystem uniqueId values)
// From the Ministry of Health's VN Core guide (http://fhir.ehealth.gov.vn/core):
Alias: $sid-bhyt = http://fhir.ehealth.gov.vn/core/sid/insurance_number
Alias: $sid-moh-facility = http://fhir.ehealth.gov.vn/core/sid/provider-medical-license-number
// Ours (no CCCD system found in the Ministry's guide; see README):
Alias: $sid-cccd = https://fhir.quangninh.gov.vn/sid/cccd
Alias: $sid-card = https://fhir.quangninh.gov.vn/sid/patient-card
Alias: $sid-mrn-dktinh = https://fhir.quangninh.gov.vn/sid/mrn/da-khoa-tinh
Alias: $sid-mrn-sannhi = https://fhir.quangninh.gov.vn/sid/mrn/san-nhi
Alias: $sid-mrn-baichay = https://fhir.quangninh.gov.vn/sid/mrn/bai-chay
Alias: $sid-cchn = https://fhir.quangninh.gov.vn/sid/practising-certificate
Alias: $sid-admin-unit = https://fhir.quangninh.gov.vn/sid/vn-admin-unit

// Our terminology
Alias: $cs-department = https://fhir.quangninh.gov.vn/CodeSystem/department
Alias: $vs-department = https://fhir.quangninh.gov.vn/ValueSet/department

// HL7 terminology
Alias: $v2-0203 = http://terminology.hl7.org/CodeSystem/v2-0203
Alias: $org-type = http://terminology.hl7.org/CodeSystem/organization-type
Alias: $loc-physical-type = http://terminology.hl7.org/CodeSystem/location-physical-type
Alias: $role-code = http://terminology.hl7.org/CodeSystem/practitioner-role

// ---- Clinical profiles (issue 3) ----------------------------------------------------------------
// Visit numbers (MA_LK of the Ministry's XML claim tables), one system per hospital, like the MRNs:
Alias: $sid-malk-dktinh = https://fhir.quangninh.gov.vn/sid/ma-lk/da-khoa-tinh
Alias: $sid-malk-sannhi = https://fhir.quangninh.gov.vn/sid/ma-lk/san-nhi
Alias: $sid-malk-baichay = https://fhir.quangninh.gov.vn/sid/ma-lk/bai-chay

// Our code systems (content not-present: the codes live in the hospitals' / Ministry's lists)
Alias: $cs-lab-dktinh = https://fhir.quangninh.gov.vn/CodeSystem/local-lab-da-khoa-tinh
Alias: $cs-lab-sannhi = https://fhir.quangninh.gov.vn/CodeSystem/local-lab-san-nhi
Alias: $cs-lab-baichay = https://fhir.quangninh.gov.vn/CodeSystem/local-lab-bai-chay
Alias: $cs-moh-drug = https://fhir.quangninh.gov.vn/CodeSystem/moh-drug
Alias: $cs-moh-service = https://fhir.quangninh.gov.vn/CodeSystem/moh-technical-service
Alias: $vs-encounter-class = https://fhir.quangninh.gov.vn/ValueSet/encounter-class

// External terminology
Alias: $icd10 = http://hl7.org/fhir/sid/icd-10
Alias: $loinc = http://loinc.org
Alias: $ucum = http://unitsofmeasure.org
Alias: $v3-ActCode = http://terminology.hl7.org/CodeSystem/v3-ActCode
Alias: $obs-category = http://terminology.hl7.org/CodeSystem/observation-category
Alias: $obs-interpretation = http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation
Alias: $v2-0074 = http://terminology.hl7.org/CodeSystem/v2-0074
Alias: $condition-clinical = http://terminology.hl7.org/CodeSystem/condition-clinical
Alias: $condition-ver-status = http://terminology.hl7.org/CodeSystem/condition-ver-status
Alias: $condition-category = http://terminology.hl7.org/CodeSystem/condition-category
Alias: $diagnosis-role = http://terminology.hl7.org/CodeSystem/diagnosis-role
Alias: $allergy-clinical = http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical
Alias: $allergy-verification = http://terminology.hl7.org/CodeSystem/allergyintolerance-verification
Alias: $coverage-class = http://terminology.hl7.org/CodeSystem/coverage-class
Alias: $vitalsigns = http://hl7.org/fhir/StructureDefinition/vitalsigns
