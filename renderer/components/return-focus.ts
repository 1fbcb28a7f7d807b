// For dialogs mounted open and unmounted to close: Fluent's Dialog hands focus back only when it is told to
// close, so without this a keyboard user's focus falls to the page body when such a dialog goes away.
import { useEffect, useRef, useState } from 'react';

/**
 * Call first thing in a dialog component that is mounted open: the element focused when it is first rendered (the
 * button that opened it; the dialog's own effects have moved focus inside by the time this component's effects
 * run) is focused again once the component is really unmounted, if it is still in the page.
 */
export function useReturnFocusOnUnmount(): void {
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      // After the unmount has settled, and only if it was real (React's development re-mount sets it back).
      setTimeout(() => {
        if (!mounted.current && opener?.isConnected) opener.focus();
      }, 0);
    };
  }, [opener]);
}
