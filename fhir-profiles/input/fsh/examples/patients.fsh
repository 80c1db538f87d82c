// Patients of the three hospitals (invented people; identifiers follow the real formats).

Instance: patient-nguyen-van-hung
InstanceOf: VNQNPatient
Usage: #example
Title: "Nguyễn Văn Hùng — retired, Bệnh viện Đa khoa tỉnh Quảng Ninh"
Description: "A complete record: CCCD, BHYT, MRN and a patient card."
* identifier[cccd].system = $sid-cccd
* identifier[cccd].value = "022068001234"
* identifier[bhyt].system = $sid-bhyt
* identifier[bhyt].value = "HT3222212345678"
* identifier[bhyt].period.start = "2025-01-01"
* identifier[bhyt].period.end = "2025-12-31"
* identifier[mrnDaKhoaTinh].system = $sid-mrn-dktinh
* identifier[mrnDaKhoaTinh].value = "24012345"
* identifier[patientCard].system = $sid-card
* identifier[patientCard].value = "QNC-000184273"
* active = true
* name.use = #official
* name.text = "Nguyễn Văn Hùng"
* name.family = "Nguyễn"
* name.given[0] = "Văn"
* name.given[1] = "Hùng"
* telecom[0].system = #phone
* telecom[0].value = "0912 345 678"
* telecom[0].use = #mobile
* gender = #male
* birthDate = "1968-03-12"
* address.use = #home
* address.text = "Số 12, tổ 3, khu 5, phường Hồng Hải, thành phố Hạ Long, tỉnh Quảng Ninh"
* address.line = "Số 12, tổ 3, khu 5"
* address.district = "Phường Hồng Hải"
* address.city = "Hạ Long"
* address.state = "Quảng Ninh"
* address.country = "VN"
* address.extension[adminUnit].valueCoding = $sid-admin-unit#22 "Tỉnh Quảng Ninh"
* extension[ethnicity].valueCoding = $cs-ethnic-group#01 "Kinh"
* extension[nationality].extension[code].valueCodeableConcept = $iso3166#VN "Viet Nam"
* managingOrganization = Reference(bvdk-tinh-quang-ninh)

Instance: patient-tran-thi-mai
InstanceOf: VNQNPatient
Usage: #example
Title: "Trần Thị Mai — office worker, Bệnh viện Bãi Cháy"
Description: "Birth date known to the month only."
* identifier[cccd].system = $sid-cccd
* identifier[cccd].value = "022190005678"
* identifier[bhyt].system = $sid-bhyt
* identifier[bhyt].value = "DN4222298765432"
* identifier[mrnBaiChay].system = $sid-mrn-baichay
* identifier[mrnBaiChay].value = "BC-2025-000731"
* active = true
* name.text = "Trần Thị Mai"
* name.family = "Trần"
* name.given[0] = "Thị"
* name.given[1] = "Mai"
* telecom[0].system = #phone
* telecom[0].value = "0983 210 456"
* telecom[0].use = #mobile
* gender = #female
* birthDate = "1990-07"
* address.use = #home
* address.text = "Tổ 8, khu 2, phường Bãi Cháy, thành phố Hạ Long, tỉnh Quảng Ninh"
* address.line = "Tổ 8, khu 2"
* address.district = "Phường Bãi Cháy"
* address.city = "Hạ Long"
* address.state = "Quảng Ninh"
* address.country = "VN"
* address.extension[adminUnit][0].valueCoding = $sid-admin-unit#22 "Tỉnh Quảng Ninh"
* address.extension[adminUnit][1].valueCoding = $sid-admin-unit#06673 "Phường Bãi Cháy"
* extension[ethnicity].valueCoding = $cs-ethnic-group#02 "Tày"
* extension[nationality].extension[code].valueCodeableConcept = $iso3166#VN "Viet Nam"
* managingOrganization = Reference(bv-bai-chay)

Instance: patient-pham-minh-khoi
InstanceOf: VNQNPatient
Usage: #example
Title: "Phạm Minh Khôi — child, Bệnh viện Sản Nhi Quảng Ninh"
Description: "A six-year-old with a CCCD number, a child's BHYT card (TE) and his mother as contact."
* identifier[cccd].system = $sid-cccd
* identifier[cccd].value = "022219003456"
* identifier[bhyt].system = $sid-bhyt
* identifier[bhyt].value = "TE1222212345679"
* identifier[mrnSanNhi].system = $sid-mrn-sannhi
* identifier[mrnSanNhi].value = "SN19-004512"
* active = true
* name.text = "Phạm Minh Khôi"
* name.family = "Phạm"
* name.given[0] = "Minh"
* name.given[1] = "Khôi"
* gender = #male
* birthDate = "2019-05-20"
* address.text = "Thôn 4, xã Thống Nhất, tỉnh Quảng Ninh"
* address.line = "Thôn 4"
* address.district = "Xã Thống Nhất"
* address.state = "Quảng Ninh"
* address.country = "VN"
* contact.relationship.text = "Mẹ (mother)"
* contact.name.text = "Đặng Thị Hương"
* contact.name.family = "Đặng"
* contact.name.given[0] = "Thị"
* contact.name.given[1] = "Hương"
* contact.telecom.system = #phone
* contact.telecom.value = "0904 778 132"
* managingOrganization = Reference(bv-san-nhi-quang-ninh)

Instance: patient-le-thi-thu
InstanceOf: VNQNPatient
Usage: #example
Title: "Lê Thị Thu — elderly, year of birth only, no CCCD on file"
Description: "A record with the gaps real exports have: year of birth only, no CCCD, no phone."
* identifier[bhyt].system = $sid-bhyt
* identifier[bhyt].value = "HT2222200011122"
* identifier[mrnDaKhoaTinh].system = $sid-mrn-dktinh
* identifier[mrnDaKhoaTinh].value = "19004821"
* name.text = "Lê Thị Thu"
* gender = #female
* birthDate = "1945"
* address.text = "Khu 6, phường Hà Tu, thành phố Hạ Long, tỉnh Quảng Ninh"
* managingOrganization = Reference(bvdk-tinh-quang-ninh)
