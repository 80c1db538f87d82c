// Code systems and value sets of the clinical profiles (issue 3).
// The local lab code systems and the Ministry's drug / technical-service lists are only *named* here
// (content = not-present): the codes live in each hospital's HIS and in the Ministry's catalogues,
// which change often. Giving them canonical URLs lets every Coding say where its code comes from.

CodeSystem: VNQNLocalLabDaKhoaTinhCS
Id: local-lab-da-khoa-tinh
Title: "Mã xét nghiệm nội bộ — Bệnh viện Đa khoa tỉnh Quảng Ninh"
Description: "Local laboratory test codes of the Quang Ninh Provincial General Hospital's LIS/HIS. Not enumerated here (content not-present); every lab Observation from this hospital carries one of these codes, with LOINC added where mapped."
* ^url = $cs-lab-dktinh
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^caseSensitive = true
* ^content = #not-present

CodeSystem: VNQNLocalLabSanNhiCS
Id: local-lab-san-nhi
Title: "Mã xét nghiệm nội bộ — Bệnh viện Sản Nhi Quảng Ninh"
Description: "Local laboratory test codes of the Quang Ninh Obstetrics and Paediatrics Hospital's LIS/HIS (content not-present)."
* ^url = $cs-lab-sannhi
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^caseSensitive = true
* ^content = #not-present

CodeSystem: VNQNLocalLabBaiChayCS
Id: local-lab-bai-chay
Title: "Mã xét nghiệm nội bộ — Bệnh viện Bãi Cháy"
Description: "Local laboratory test codes of Bai Chay Hospital's LIS/HIS (content not-present)."
* ^url = $cs-lab-baichay
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^caseSensitive = true
* ^content = #not-present

CodeSystem: VNQNMoHDrugCS
Id: moh-drug
Title: "Mã thuốc theo danh mục của Bộ Y tế (MA_THUOC)"
Description: "Drug codes as reported in the MA_THUOC field of the Ministry of Health's XML claim tables (table XML2: the code of the active ingredient in the Ministry's list of reimbursable drugs). No official FHIR URI was found for this list, so the province names it under its canonical base. Content not-present: the Ministry's catalogue is the source."
* ^url = $cs-moh-drug
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^caseSensitive = true
* ^content = #not-present

CodeSystem: VNQNMoHTechnicalServiceCS
Id: moh-technical-service
Title: "Mã dịch vụ kỹ thuật theo danh mục của Bộ Y tế (MA_DICH_VU)"
Description: "Codes of technical services (dịch vụ kỹ thuật: procedures, imaging, tests) as reported in the MA_DICH_VU field of the Ministry of Health's XML claim tables (table XML3, the 'mã tương đương' of the Ministry's list). No official FHIR URI was found for this list, so the province names it under its canonical base. Content not-present."
* ^url = $cs-moh-service
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^caseSensitive = true
* ^content = #not-present

ValueSet: VNQNEncounterClassVS
Id: encounter-class
Title: "Loại hình khám chữa bệnh — encounter classes"
Description: "The encounter classes of the province: ambulatory (khám ngoại trú / điều trị ngoại trú), inpatient (điều trị nội trú) and emergency (cấp cứu)."
* ^url = $vs-encounter-class
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* $v3-ActCode#AMB "ambulatory"
* $v3-ActCode#IMP "inpatient encounter"
* $v3-ActCode#EMER "emergency"

// ---- Local drug codes (issue 3, third part): VNQNMedicationStatement needs one ----------------------

CodeSystem: VNQNLocalDrugDaKhoaTinhCS
Id: local-drug-da-khoa-tinh
Title: "Mã thuốc nội bộ — Bệnh viện Đa khoa tỉnh Quảng Ninh"
Description: "Drug codes of the Quang Ninh Provincial General Hospital's pharmacy catalogue (HIS). Not enumerated here (content not-present); every MedicationStatement from this hospital carries one, with the WHO ATC code added where known."
* ^url = $cs-drug-dktinh
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^caseSensitive = true
* ^content = #not-present

CodeSystem: VNQNLocalDrugSanNhiCS
Id: local-drug-san-nhi
Title: "Mã thuốc nội bộ — Bệnh viện Sản Nhi Quảng Ninh"
Description: "Drug codes of the Quang Ninh Obstetrics and Paediatrics Hospital's pharmacy catalogue (content not-present)."
* ^url = $cs-drug-sannhi
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^caseSensitive = true
* ^content = #not-present

CodeSystem: VNQNLocalDrugBaiChayCS
Id: local-drug-bai-chay
Title: "Mã thuốc nội bộ — Bệnh viện Bãi Cháy"
Description: "Drug codes of Bai Chay Hospital's pharmacy catalogue (content not-present)."
* ^url = $cs-drug-baichay
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^caseSensitive = true
* ^content = #not-present
