import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';

import { StaffSessionBar } from '../../core/auth/staff-session-bar';
import { StatusPanel } from '../../shared/status-panel/status-panel';
import { PatientSearch } from './patient-search/patient-search';

/**
 * The doctor's desk (`/doctor`, doctors only): today's queue of checked-in patients opens below
 * (the empty child route); calling one in, or finding a patient, opens their record merged from
 * the three hospitals in its place (`/doctor/patients/:patientId`). Every look at a record is
 * audited, and the page says so.
 */
@Component({
  selector: 'app-doctor-page',
  imports: [RouterOutlet, StaffSessionBar, PatientSearch, StatusPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './doctor-page.html',
  styleUrl: './doctor-page.scss',
})
export class DoctorPage {}
