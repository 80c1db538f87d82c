// VNQNAddress: a Vietnamese address. Kept light: free text lines plus the administrative units as
// text, and optionally their official codes (GSO administrative unit codes) in an extension.

Profile: VNQNAddress
Parent: Address
Id: vnqn-address
Title: "VNQN Address — Địa chỉ"
Description: "A Vietnamese address: house number and street in `line`, ward/commune in `district`, city in `city`, province in `state`, country `VN`, with optional official administrative unit codes."
* ^status = #active
* insert ConformanceMetadata
* extension contains VNAdministrativeUnit named adminUnit 0..* MS
* text MS
* line MS
* line ^short = "Số nhà, đường phố, thôn/tổ/khu — house number, street, hamlet/residential group"
* district MS
* district ^short = "Phường/xã (ward or commune); or quận/huyện where a source still records districts"
* city MS
* city ^short = "Thành phố/thị xã (city or town), e.g. Hạ Long"
* state MS
* state ^short = "Tỉnh/thành phố trực thuộc trung ương (province), e.g. Quảng Ninh"
* country MS
* country ^short = "ISO 3166 country code; VN for Vietnam"

Extension: VNAdministrativeUnit
Id: vn-administrative-unit
Title: "Vietnamese administrative unit code — Mã đơn vị hành chính"
Description: "The official code of an administrative unit an address lies in (province 2 digits, commune/ward 5 digits, from the General Statistics Office list), with its name as display. Repeat for each level known."
* ^status = #active
* insert ConformanceMetadata
* ^context[0].type = #element
* ^context[0].expression = "Address"
* value[x] only Coding
* valueCoding 1..1
* valueCoding.system 1..1
* valueCoding.system = $sid-admin-unit (exactly)
* valueCoding.code 1..1
* valueCoding.display MS
