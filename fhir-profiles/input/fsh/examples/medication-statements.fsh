// MedicationStatement examples (issue 3, third part). Local drug codes and the MA_THUOC number are
// placeholders in the real formats; the ATC codes are WHO's.

Instance: medstmt-hung-amlodipin
InstanceOf: VNQNMedicationStatement
Usage: #example
Title: "Amlodipin 5mg dùng lâu dài — Nguyễn Văn Hùng"
Description: "Long-term antihypertensive treatment the patient reported at admission: local code, ATC and Ministry drug code."
* status = #active
* category = $medication-statement-category#community "Community"
* medicationCodeableConcept.coding[0] = $cs-drug-dktinh#TD-AMLO5 "Amlodipin 5mg"
* medicationCodeableConcept.coding[1] = $atc#C08CA01 "amlodipine"
* medicationCodeableConcept.coding[2] = $cs-moh-drug#40.498 "Amlodipin"
* medicationCodeableConcept.text = "Amlodipin 5mg, viên nén"
* subject = Reference(patient-nguyen-van-hung)
* context = Reference(enc-hung-noi-tru)
* effectivePeriod.start = "2019-04-02"
* dateAsserted = "2026-11-17T15:10:00+07:00"
* informationSource = Reference(patient-nguyen-van-hung)
* reasonReference = Reference(cond-hung-tang-huyet-ap)
* dosage[0].text = "Uống 1 viên/lần, ngày 1 lần buổi sáng"

Instance: medstmt-mai-cefuroxim
InstanceOf: VNQNMedicationStatement
Usage: #example
Title: "Cefuroxim 500mg theo đơn ngoại trú — Trần Thị Mai"
Description: "A course of antibiotics taken after an outpatient visit, coded with the hospital's local code only (not yet mapped to ATC)."
* status = #completed
* category = $medication-statement-category#outpatient "Outpatient"
* medicationCodeableConcept.coding[0] = $cs-drug-baichay#BC-CEFU500 "Cefuroxim 500mg"
* medicationCodeableConcept.text = "Cefuroxim 500mg, viên nén bao phim"
* subject = Reference(patient-tran-thi-mai)
* context = Reference(enc-mai-ngoai-tru)
* effectivePeriod.start = "2026-11-20"
* effectivePeriod.end = "2026-11-26"
* dateAsserted = "2026-12-01T08:10:00+07:00"
* informationSource = Reference(patient-tran-thi-mai)
* reasonReference = Reference(cond-mai-viem-xoang)
* dosage[0].text = "Uống 1 viên/lần, ngày 2 lần sáng – tối, sau ăn, trong 7 ngày"
