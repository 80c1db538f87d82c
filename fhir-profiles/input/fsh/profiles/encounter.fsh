// VNQNEncounter: one visit or treatment episode (đợt khám chữa bệnh) at a province hospital, the unit
// of a BHYT claim. Its identifier is the hospital's visit number (MA_LK of the XML claim tables).

Profile: VNQNEncounter
Parent: Encounter
Id: vnqn-encounter
Title: "VNQN Encounter — Lượt khám / đợt điều trị"
Description: "A visit or treatment episode at one of the province's hospitals: class ambulatory / inpatient / emergency, the patient, the hospital (`serviceProvider`), the visit number (MA_LK) per hospital, the period and references to the diagnoses."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* identifier MS
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier ^slicing.description = "Sliced by identifier system (one MA_LK system per hospital). Other systems are allowed."
* identifier contains
    maLkDaKhoaTinh 0..1 MS and
    maLkSanNhi 0..1 MS and
    maLkBaiChay 0..1 MS
* identifier[maLkDaKhoaTinh] ^short = "Mã liên kết (MA_LK) — visit number at Bệnh viện Đa khoa tỉnh Quảng Ninh"
* identifier[maLkDaKhoaTinh].system 1..1
* identifier[maLkDaKhoaTinh].system = $sid-malk-dktinh (exactly)
* identifier[maLkDaKhoaTinh].value 1..1
* identifier[maLkSanNhi] ^short = "Mã liên kết (MA_LK) — visit number at Bệnh viện Sản Nhi Quảng Ninh"
* identifier[maLkSanNhi].system 1..1
* identifier[maLkSanNhi].system = $sid-malk-sannhi (exactly)
* identifier[maLkSanNhi].value 1..1
* identifier[maLkBaiChay] ^short = "Mã liên kết (MA_LK) — visit number at Bệnh viện Bãi Cháy"
* identifier[maLkBaiChay].system 1..1
* identifier[maLkBaiChay].system = $sid-malk-baichay (exactly)
* identifier[maLkBaiChay].value 1..1
* status MS
* class MS
* class from VNQNEncounterClassVS (required)
* class ^short = "AMB khám/điều trị ngoại trú | IMP điều trị nội trú | EMER cấp cứu"
* type MS
* serviceType MS
* serviceType from VNQNDepartmentVS (extensible)
* serviceType ^short = "Khoa điều trị — department, from the province department code system"
* subject 1..1 MS
* subject only Reference(VNQNPatient)
* participant MS
* participant.individual MS
* participant.individual only Reference(VNQNPractitioner or VNQNPractitionerRole)
* period MS
* period.start MS
* period.end MS
* period ^short = "Ngày vào – ngày ra (NGAY_VAO, NGAY_RA)"
* reasonCode MS
* reasonCode ^short = "Lý do vào viện / triệu chứng — reason for the visit, as text or coded"
* diagnosis MS
* diagnosis.condition MS
* diagnosis.condition only Reference(VNQNCondition)
* diagnosis.use MS
* diagnosis.rank MS
* diagnosis ^short = "Chẩn đoán: bệnh chính (rank 1) và bệnh kèm theo"
* hospitalization MS
* hospitalization.dischargeDisposition MS
* location MS
* location.location only Reference(VNQNLocation)
* serviceProvider 1..1 MS
* serviceProvider only Reference(VNQNOrganization)
* serviceProvider ^short = "The hospital (bệnh viện) responsible for the visit"
* partOf MS
* partOf only Reference(VNQNEncounter)
