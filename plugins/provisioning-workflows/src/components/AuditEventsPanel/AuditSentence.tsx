import { Fragment } from 'react';
import { Person } from '../Person/Person';
import { TextWithTimes } from '../Timestamp/TextWithTimes';
import { Timestamp } from '../Timestamp/Timestamp';
import { Part } from './describeEvent';

/** An event's sentence: people and groups linked by name, times as times. */
export const AuditSentence = (props: { parts: Part[] }) => (
  <>
    {props.parts.map((p, i) => {
      if (typeof p === 'string') return <Fragment key={i}>{p}</Fragment>;
      if ('ref' in p) return <Person key={i} entityRef={p.ref} />;
      if ('time' in p) return <Timestamp key={i} value={p.time} />;
      return <TextWithTimes key={i} text={p.message} />;
    })}
  </>
);
