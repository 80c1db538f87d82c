/**
 * The demo cards of a local installation: fixed chip UIDs that `ehr-api seed-demo` registers (one
 * per demo patient) and `card-reader-agent simulate tap --card <name>` presents on the virtual reader.
 * The first UID is the one of NXP AN12196's examples. Keys are not here: they are per installation.
 */
export interface DemoCard {
  /** Short name to type on the command line; the card holder has the same key in the demo population (ehr-api/src/ingestion/demo/population.ts). */
  readonly name: string;
  readonly uid: string;
  /** Printed card id. */
  readonly cardId: string;
}

export const DEMO_CARDS: readonly DemoCard[] = [
  { name: 'lan', uid: '04DE5F1EACC040', cardId: 'QN-DEMO-0001' },
  { name: 'hung', uid: '04DE5F1EACC041', cardId: 'QN-DEMO-0002' },
  { name: 'mai', uid: '04DE5F1EACC042', cardId: 'QN-DEMO-0003' },
  { name: 'khoi', uid: '04DE5F1EACC043', cardId: 'QN-DEMO-0004' },
  { name: 'ngoc', uid: '04DE5F1EACC044', cardId: 'QN-DEMO-0005' },
];

/** A demo card by its name or UID (either case); undefined when there is none. */
export function findDemoCard(nameOrUid: string): DemoCard | undefined {
  const wanted = nameOrUid.trim().toUpperCase();
  return DEMO_CARDS.find(
    (card) => card.name.toUpperCase() === wanted || card.uid === wanted || card.cardId === wanted,
  );
}
