// Doctors and their roles at the three hospitals (names and certificate numbers are invented).

Instance: prac-vu-duc-thang
InstanceOf: VNQNPractitioner
Usage: #example
Title: "BSCKII. Vũ Đức Thắng"
* identifier[practisingCertificate].system = $sid-cchn
* identifier[practisingCertificate].value = "001234/QN-CCHN"
* active = true
* name.text = "Vũ Đức Thắng"
* name.family = "Vũ"
* name.given[0] = "Đức"
* name.given[1] = "Thắng"
* name.prefix = "BSCKII."
* gender = #male

Instance: prac-hoang-thi-lan
InstanceOf: VNQNPractitioner
Usage: #example
Title: "ThS.BS. Hoàng Thị Lan"
* identifier[practisingCertificate].system = $sid-cchn
* identifier[practisingCertificate].value = "002871/QN-CCHN"
* active = true
* name.text = "Hoàng Thị Lan"
* name.family = "Hoàng"
* name.given[0] = "Thị"
* name.given[1] = "Lan"
* name.prefix = "ThS.BS."
* gender = #female

Instance: prac-do-quang-huy
InstanceOf: VNQNPractitioner
Usage: #example
Title: "BS. Đỗ Quang Huy"
* active = true
* name.text = "Đỗ Quang Huy"
* name.family = "Đỗ"
* name.given[0] = "Quang"
* name.given[1] = "Huy"
* name.prefix = "BS."
* gender = #male

Instance: role-vu-duc-thang-tim-mach
InstanceOf: VNQNPractitionerRole
Usage: #example
Title: "Vũ Đức Thắng — bác sĩ Tim mạch, Bệnh viện Đa khoa tỉnh Quảng Ninh"
* active = true
* practitioner = Reference(prac-vu-duc-thang)
* organization = Reference(bvdk-tinh-quang-ninh)
* code = $role-code#doctor "Doctor"
* specialty = $cs-department#tim-mach "Tim mạch"
* healthcareService = Reference(hs-bvdk-tinh-tim-mach)
* location = Reference(loc-bvdk-tinh-phong-kham-tim-mach)

Instance: role-hoang-thi-lan-nhi
InstanceOf: VNQNPractitionerRole
Usage: #example
Title: "Hoàng Thị Lan — bác sĩ Nhi, Bệnh viện Sản Nhi Quảng Ninh"
* active = true
* practitioner = Reference(prac-hoang-thi-lan)
* organization = Reference(bv-san-nhi-quang-ninh)
* code = $role-code#doctor "Doctor"
* specialty = $cs-department#nhi "Nhi"
* healthcareService = Reference(hs-bv-san-nhi-nhi)

Instance: role-do-quang-huy-mat
InstanceOf: VNQNPractitionerRole
Usage: #example
Title: "Đỗ Quang Huy — bác sĩ Mắt, Bệnh viện Bãi Cháy"
* active = true
* practitioner = Reference(prac-do-quang-huy)
* organization = Reference(bv-bai-chay)
* code = $role-code#doctor "Doctor"
* specialty = $cs-department#mat "Mắt"
* healthcareService = Reference(hs-bv-bai-chay-mat)
