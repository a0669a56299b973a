import { EmptyState } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Button from '@material-ui/core/Button';
import { serverMessage } from './names';

/** Why a request could not be shown, and what to do next: never a bare status. */
export function refusal(error: Error): {
  title: string;
  description: string;
  retry: boolean;
} {
  const status = ResponseError.is(error) ? error.statusCode : undefined;
  switch (status) {
    case 404:
    case 403:
      return {
        title: 'You cannot open this request',
        description:
          'It does not exist, or it is not yours to see: a request is shown to the person who asked, to the people asked to approve it and to Productiv Home admins. Check that the link is the one you were sent, or ask the requester or a Productiv Home admin.',
        retry: false,
      };
    case 400:
      return {
        title: 'This link does not name a request',
        description:
          'The address is incomplete or was changed. Open the link from your notification, e-mail or Slack message again, or find the request in My requests.',
        retry: false,
      };
    case 401:
      return {
        title: 'Your session has ended',
        description: 'Sign in again, then open the link once more.',
        retry: false,
      };
    default:
      return {
        title: 'The request could not be loaded',
        description: `Productiv Home did not answer as expected (${serverMessage(
          error,
        )}). Try again in a moment; if it keeps failing, tell your Backstage administrators.`,
        retry: true,
      };
  }
}

/** The page shown instead of a request that cannot be read. */
export const RequestRefused = (props: {
  error: Error;
  onRetry: () => void;
}) => {
  const { title, description, retry } = refusal(props.error);
  return (
    <div data-testid="request-refused">
      <EmptyState
        missing="info"
        title={title}
        description={description}
        action={
          retry ? (
            <Button variant="outlined" onClick={props.onRetry}>
              Try again
            </Button>
          ) : undefined
        }
      />
    </div>
  );
};
