// NamingSystems: one per identifier (or external code) system the province's profiles use.
// The uniqueId is the URI that goes in Identifier.system / Coding.system. Never change one once data
// carries it; add a new NamingSystem instead.

Instance: cccd
InstanceOf: NamingSystem
Usage: #definition
Title: "Số căn cước công dân (CCCD) — Vietnam citizen identification number"
* name = "VNQNCCCD"
* status = #active
* kind = #identifier
* date = "2025-11-24"
* publisher = "Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)"
* responsible = "Bộ Công an (Ministry of Public Security)"
* type = $v2-0203#NI
* description = "12-digit personal identification number printed on the citizen identity card (căn cước / căn cước công dân): 3-digit province code of birth registration, century-and-sex digit, 2-digit year of birth, 6 random digits. No system URI for it was found in the Ministry of Health VN Core guide (http://fhir.ehealth.gov.vn/core), so the province defines this one."
* usage = "Used in Patient.identifier:cccd."
* jurisdiction = urn:iso:std:iso:3166#VN "Viet Nam"
* uniqueId[0].type = #uri
* uniqueId[0].value = "https://fhir.quangninh.gov.vn/sid/cccd"
* uniqueId[0].preferred = true

Instance: bhyt
InstanceOf: NamingSystem
Usage: #definition
Title: "Số thẻ bảo hiểm y tế (BHYT) — health insurance card number"
* name = "VNQNBHYT"
* status = #active
* kind = #identifier
* date = "2025-11-24"
* publisher = "Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)"
* responsible = "Bảo hiểm xã hội Việt Nam (Vietnam Social Security)"
* type = $v2-0203#SB
* description = "15-character social health insurance card number: 2 letters for the beneficiary group, benefit level 1–5, 2-digit issuing province, 10-digit social insurance number. The system URI is the one defined by the Ministry of Health VN Core guide (NamingSystem http://fhir.ehealth.gov.vn/core/NamingSystem/insurance_number); this resource restates it for the province package."
* usage = "Used in Patient.identifier:bhyt."
* jurisdiction = urn:iso:std:iso:3166#VN "Viet Nam"
* uniqueId[0].type = #uri
* uniqueId[0].value = "http://fhir.ehealth.gov.vn/core/sid/insurance_number"
* uniqueId[0].preferred = true

Instance: moh-facility-code
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã cơ sở khám, chữa bệnh — Ministry of Health facility code"
* name = "VNQNMoHFacilityCode"
* status = #active
* kind = #identifier
* date = "2025-11-24"
* publisher = "Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)"
* responsible = "Bộ Y tế (Ministry of Health)"
* type = $v2-0203#FI
* description = "Code of a healthcare facility as issued by the Ministry of Health and used in BHYT claims (5 digits: 2-digit province code, 3-digit number). The system URI is the one the Ministry of Health VN Core guide gives for its facility-code NamingSystem (http://fhir.ehealth.gov.vn/core/NamingSystem/provider-code); this resource restates it for the province package."
* usage = "Used in Organization.identifier:mohFacilityCode."
* jurisdiction = urn:iso:std:iso:3166#VN "Viet Nam"
* uniqueId[0].type = #uri
* uniqueId[0].value = "http://fhir.ehealth.gov.vn/core/sid/provider-medical-license-number"
* uniqueId[0].preferred = true

Instance: mrn-da-khoa-tinh
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã bệnh nhân — Bệnh viện Đa khoa tỉnh Quảng Ninh"
* name = "VNQNMRNDaKhoaTinh"
* status = #active
* kind = #identifier
* date = "2025-11-24"
* publisher = "Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)"
* responsible = "Bệnh viện Đa khoa tỉnh Quảng Ninh"
* type = $v2-0203#MR
* description = "Patient number (medical record number) assigned by the hospital information system of the Quang Ninh Provincial General Hospital."
* usage = "Used in Patient.identifier:mrnDaKhoaTinh."
* jurisdiction = urn:iso:std:iso:3166#VN "Viet Nam"
* uniqueId[0].type = #uri
* uniqueId[0].value = "https://fhir.quangninh.gov.vn/sid/mrn/da-khoa-tinh"
* uniqueId[0].preferred = true

Instance: mrn-san-nhi
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã bệnh nhân — Bệnh viện Sản Nhi Quảng Ninh"
* name = "VNQNMRNSanNhi"
* status = #active
* kind = #identifier
* date = "2025-11-24"
* publisher = "Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)"
* responsible = "Bệnh viện Sản Nhi Quảng Ninh"
* type = $v2-0203#MR
* description = "Patient number (medical record number) assigned by the hospital information system of the Quang Ninh Obstetrics and Paediatrics Hospital."
* usage = "Used in Patient.identifier:mrnSanNhi."
* jurisdiction = urn:iso:std:iso:3166#VN "Viet Nam"
* uniqueId[0].type = #uri
* uniqueId[0].value = "https://fhir.quangninh.gov.vn/sid/mrn/san-nhi"
* uniqueId[0].preferred = true

Instance: mrn-bai-chay
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã bệnh nhân — Bệnh viện Bãi Cháy"
* name = "VNQNMRNBaiChay"
* status = #active
* kind = #identifier
* date = "2025-11-24"
* publisher = "Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)"
* responsible = "Bệnh viện Bãi Cháy"
* type = $v2-0203#MR
* description = "Patient number (medical record number) assigned by the hospital information system of Bai Chay Hospital."
* usage = "Used in Patient.identifier:mrnBaiChay."
* jurisdiction = urn:iso:std:iso:3166#VN "Viet Nam"
* uniqueId[0].type = #uri
* uniqueId[0].value = "https://fhir.quangninh.gov.vn/sid/mrn/bai-chay"
* uniqueId[0].preferred = true

Instance: patient-card
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã thẻ khám bệnh — province patient card id"
* name = "VNQNPatientCard"
* status = #active
* kind = #identifier
* date = "2025-11-24"
* publisher = "Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)"
* responsible = "Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)"
* description = "Opaque id of a patient appointment card issued at any of the province hospitals. The id carries no personal data; a revoked or replaced card keeps its id, which is never reissued."
* usage = "Used in Patient.identifier:patientCard."
* jurisdiction = urn:iso:std:iso:3166#VN "Viet Nam"
* uniqueId[0].type = #uri
* uniqueId[0].value = "https://fhir.quangninh.gov.vn/sid/patient-card"
* uniqueId[0].preferred = true

Instance: practising-certificate
InstanceOf: NamingSystem
Usage: #definition
Title: "Số chứng chỉ hành nghề khám bệnh, chữa bệnh — practising certificate number"
* name = "VNQNPractisingCertificate"
* status = #active
* kind = #identifier
* date = "2025-11-24"
* publisher = "Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)"
* responsible = "Sở Y tế / Bộ Y tế (licensing health authority)"
* type = $v2-0203#LN
* description = "Number of the practising certificate (chứng chỉ hành nghề, giấy phép hành nghề) of a doctor, nurse, midwife or technician, as printed on the certificate."
* usage = "Used in Practitioner.identifier:practisingCertificate."
* jurisdiction = urn:iso:std:iso:3166#VN "Viet Nam"
* uniqueId[0].type = #uri
* uniqueId[0].value = "https://fhir.quangninh.gov.vn/sid/practising-certificate"
* uniqueId[0].preferred = true

Instance: vn-admin-unit
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã đơn vị hành chính Việt Nam — administrative unit codes"
* name = "VNQNAdministrativeUnit"
* status = #active
* kind = #codesystem
* date = "2025-11-24"
* publisher = "Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)"
* responsible = "Tổng cục Thống kê (General Statistics Office)"
* description = "Official codes of Vietnamese administrative units (province 2 digits, district 3 digits, commune/ward 5 digits) from the national list of administrative units. Used as a Coding system in the vn-administrative-unit extension on addresses."
* usage = "Used in Address.extension:adminUnit."
* jurisdiction = urn:iso:std:iso:3166#VN "Viet Nam"
* uniqueId[0].type = #uri
* uniqueId[0].value = "https://fhir.quangninh.gov.vn/sid/vn-admin-unit"
* uniqueId[0].preferred = true

// ---- Visit numbers (MA_LK) -------------------------------------------------------------------------

RuleSet: MaLkNamingSystem(hospital, url)
* status = #active
* kind = #identifier
* date = "2026-11-24"
* publisher = "Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)"
* responsible = "{hospital}"
* type = $v2-0203#VN
* description = "Visit number (mã liên kết, MA_LK) of {hospital}: the id of one treatment episode that links the tables of the Ministry of Health's XML claim export (QĐ 4210/QĐ-BYT, QĐ 130/QĐ-BYT). Unique within the hospital, so one system per hospital."
* usage = "Used in Encounter.identifier."
* jurisdiction = urn:iso:std:iso:3166#VN "Viet Nam"
* uniqueId[0].type = #uri
* uniqueId[0].value = "{url}"
* uniqueId[0].preferred = true

Instance: ma-lk-da-khoa-tinh
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã liên kết (MA_LK) — Bệnh viện Đa khoa tỉnh Quảng Ninh"
* name = "VNQNMaLkDaKhoaTinh"
* insert MaLkNamingSystem(Bệnh viện Đa khoa tỉnh Quảng Ninh, https://fhir.quangninh.gov.vn/sid/ma-lk/da-khoa-tinh)

Instance: ma-lk-san-nhi
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã liên kết (MA_LK) — Bệnh viện Sản Nhi Quảng Ninh"
* name = "VNQNMaLkSanNhi"
* insert MaLkNamingSystem(Bệnh viện Sản Nhi Quảng Ninh, https://fhir.quangninh.gov.vn/sid/ma-lk/san-nhi)

Instance: ma-lk-bai-chay
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã liên kết (MA_LK) — Bệnh viện Bãi Cháy"
* name = "VNQNMaLkBaiChay"
* insert MaLkNamingSystem(Bệnh viện Bãi Cháy, https://fhir.quangninh.gov.vn/sid/ma-lk/bai-chay)

// ---- API identifier systems (issue 3, second part) -------------------------------------------------

RuleSet: ApiNamingSystem(url)
* status = #active
* kind = #identifier
* date = "2026-11-24"
* publisher = "Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)"
* responsible = "Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)"
* jurisdiction = urn:iso:std:iso:3166#VN "Viet Nam"
* uniqueId[0].type = #uri
* uniqueId[0].value = "{url}"
* uniqueId[0].preferred = true

Instance: ingestion-job
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã lượt nạp dữ liệu — ingestion job id"
* name = "VNQNIngestionJob"
* description = "Id of one ingestion job of the province API (one uploaded file, one MLLP batch, one command-line load). Every Provenance of the records it loaded names it."
* usage = "Used in Provenance.entity (role derivation).what.identifier."
* insert ApiNamingSystem(https://fhir.quangninh.gov.vn/sid/ingestion-job)

Instance: staff-user
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã tài khoản nhân viên — staff user id"
* name = "VNQNStaffUser"
* description = "Id of a staff account (receptionist, doctor, administrator) of the province API. Not a person identifier: the same person at two hospitals may have two accounts."
* usage = "Used in AuditEvent.agent.who.identifier for the member of staff who acted."
* insert ApiNamingSystem(https://fhir.quangninh.gov.vn/sid/staff-user)

Instance: station
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã trạm — kiosk or reception station id"
* name = "VNQNStation"
* description = "Id of a registered kiosk or reception PC (card-reader station) of the province API."
* usage = "Used in AuditEvent.agent.who.identifier for the client agent."
* insert ApiNamingSystem(https://fhir.quangninh.gov.vn/sid/station)

Instance: application
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã ứng dụng — province application id"
* name = "VNQNApplication"
* description = "Name of a program of the province platform that records or serves data, e.g. ehr-api."
* usage = "Used in AuditEvent.source.observer.identifier and AuditEvent.agent.who.identifier for the server agent."
* insert ApiNamingSystem(https://fhir.quangninh.gov.vn/sid/application)

Instance: fhir-reference
InstanceOf: NamingSystem
Usage: #definition
Title: "Tham chiếu FHIR không có trên máy chủ — unresolved FHIR reference"
* name = "VNQNFhirReference"
* description = "A 'Type/id' reference kept as an identifier because the FHIR server does not hold (or no longer holds) the resource, so it cannot be a literal reference (the server checks that every literal reference resolves)."
* usage = "Used in AuditEvent.agent.who.identifier and AuditEvent.entity.what.identifier (with Reference.type only when Type is a FHIR resource type: records of the API such as Card or StaffUser are named by this identifier and a display), and in Appointment.participant.actor.identifier (with type Patient) for a patient the FHIR server does not hold yet."
* insert ApiNamingSystem(https://fhir.quangninh.gov.vn/sid/fhir-reference)

Instance: booking-id
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã lượt đặt lịch — booking id"
* name = "VNQNBookingId"
* description = "Id of a booking made at a kiosk or at reception (the API's booking record). One booking is one Appointment."
* usage = "Used in Appointment.identifier:bookingId (required)."
* insert ApiNamingSystem(https://fhir.quangninh.gov.vn/sid/booking-id)

Instance: booking-ticket
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã phiếu hẹn — booking ticket code"
* name = "VNQNBookingTicket"
* description = "The code printed on a booking's ticket (and in its QR code) that a patient reads out or shows at reception: 8 characters of Crockford base32 (digits and upper-case letters without I, L, O, U), e.g. 7KQ2M9XD. Unique across the province; never reused."
* usage = "Used in Appointment.identifier:ticketCode."
* insert ApiNamingSystem(https://fhir.quangninh.gov.vn/sid/booking-ticket)

Instance: queue-number
InstanceOf: NamingSystem
Usage: #definition
Title: "Số thứ tự — queue number of a department on one day"
* name = "VNQNQueueNumber"
* description = "The queue number (số thứ tự) printed on a booking's ticket. A number is unique only within one department and one local day, so the identifier value names all three: '<HealthcareService id>/<YYYY-MM-DD>/<number>', e.g. 'hs-bv-bai-chay-tai-mui-hong/2026-12-01/12' is number 12 of Bai Chay Hospital's ENT clinic on 1 December 2026. FHIR R4 has no Appointment element for it."
* usage = "Used in Appointment.identifier:queueNumber."
* insert ApiNamingSystem(https://fhir.quangninh.gov.vn/sid/queue-number)

RuleSet: SourceRecordNamingSystem(hospital, format, what, url)
* status = #active
* kind = #identifier
* date = "2026-11-24"
* publisher = "Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)"
* responsible = "{hospital}"
* description = "Id of one record in {hospital}'s {format} exports: the {what}. Unique within the hospital and format, so one system per hospital and format."
* usage = "Used in Provenance.entity (role source).what.identifier."
* jurisdiction = urn:iso:std:iso:3166#VN "Viet Nam"
* uniqueId[0].type = #uri
* uniqueId[0].value = "{url}"
* uniqueId[0].preferred = true

Instance: source-record-dkt-hl7v2
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã bản ghi nguồn — Bệnh viện Đa khoa tỉnh Quảng Ninh, HL7 v2"
* name = "VNQNSourceRecordDaKhoaTinhHl7v2"
* insert SourceRecordNamingSystem(Bệnh viện Đa khoa tỉnh Quảng Ninh, HL7 v2, message control id MSH-10, https://fhir.quangninh.gov.vn/sid/source-record/dkt/hl7v2)

Instance: source-record-dkt-xml130
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã bản ghi nguồn — Bệnh viện Đa khoa tỉnh Quảng Ninh, XML 130"
* name = "VNQNSourceRecordDaKhoaTinhXml130"
* insert SourceRecordNamingSystem(Bệnh viện Đa khoa tỉnh Quảng Ninh, XML 130, visit number MA_LK of the Ministry of Health's XML claim tables, https://fhir.quangninh.gov.vn/sid/source-record/dkt/xml130)

Instance: source-record-dkt-csv
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã bản ghi nguồn — Bệnh viện Đa khoa tỉnh Quảng Ninh, CSV"
* name = "VNQNSourceRecordDaKhoaTinhCsv"
* insert SourceRecordNamingSystem(Bệnh viện Đa khoa tỉnh Quảng Ninh, CSV, file name and line number <file>:<line>, https://fhir.quangninh.gov.vn/sid/source-record/dkt/csv)

Instance: source-record-snh-hl7v2
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã bản ghi nguồn — Bệnh viện Sản Nhi Quảng Ninh, HL7 v2"
* name = "VNQNSourceRecordSanNhiHl7v2"
* insert SourceRecordNamingSystem(Bệnh viện Sản Nhi Quảng Ninh, HL7 v2, message control id MSH-10, https://fhir.quangninh.gov.vn/sid/source-record/snh/hl7v2)

Instance: source-record-snh-xml130
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã bản ghi nguồn — Bệnh viện Sản Nhi Quảng Ninh, XML 130"
* name = "VNQNSourceRecordSanNhiXml130"
* insert SourceRecordNamingSystem(Bệnh viện Sản Nhi Quảng Ninh, XML 130, visit number MA_LK of the Ministry of Health's XML claim tables, https://fhir.quangninh.gov.vn/sid/source-record/snh/xml130)

Instance: source-record-snh-csv
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã bản ghi nguồn — Bệnh viện Sản Nhi Quảng Ninh, CSV"
* name = "VNQNSourceRecordSanNhiCsv"
* insert SourceRecordNamingSystem(Bệnh viện Sản Nhi Quảng Ninh, CSV, file name and line number <file>:<line>, https://fhir.quangninh.gov.vn/sid/source-record/snh/csv)

Instance: source-record-bch-hl7v2
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã bản ghi nguồn — Bệnh viện Bãi Cháy, HL7 v2"
* name = "VNQNSourceRecordBaiChayHl7v2"
* insert SourceRecordNamingSystem(Bệnh viện Bãi Cháy, HL7 v2, message control id MSH-10, https://fhir.quangninh.gov.vn/sid/source-record/bch/hl7v2)

Instance: source-record-bch-xml130
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã bản ghi nguồn — Bệnh viện Bãi Cháy, XML 130"
* name = "VNQNSourceRecordBaiChayXml130"
* insert SourceRecordNamingSystem(Bệnh viện Bãi Cháy, XML 130, visit number MA_LK of the Ministry of Health's XML claim tables, https://fhir.quangninh.gov.vn/sid/source-record/bch/xml130)

Instance: source-record-bch-csv
InstanceOf: NamingSystem
Usage: #definition
Title: "Mã bản ghi nguồn — Bệnh viện Bãi Cháy, CSV"
* name = "VNQNSourceRecordBaiChayCsv"
* insert SourceRecordNamingSystem(Bệnh viện Bãi Cháy, CSV, file name and line number <file>:<line>, https://fhir.quangninh.gov.vn/sid/source-record/bch/csv)
