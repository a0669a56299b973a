import { Fragment } from 'react';
import { Timestamp } from './Timestamp';

const ISO_TIME =
  /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g;

/**
 * A message from the server with the times in it shown as every other time
 * ("Signed in again 3 days ago"), not as ISO text.
 */
export const TextWithTimes = (props: { text?: string }) => {
  const text = props.text ?? '';
  const parts: Array<string | { time: string }> = [];
  let last = 0;
  for (const match of text.matchAll(ISO_TIME)) {
    parts.push(text.slice(last, match.index), { time: match[0] });
    last = match.index! + match[0].length;
  }
  parts.push(text.slice(last));
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {typeof part === 'string' ? (
            part.replace(/\bon $/, '')
          ) : (
            <Timestamp value={part.time} />
          )}
        </Fragment>
      ))}
    </>
  );
};
