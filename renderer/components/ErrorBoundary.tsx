import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { Component, type ReactNode } from 'react';

/** A view that fails shows what happened and a way back, never a blank window; drafts are kept. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey?: string }) {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <MessageBar intent="error" layout="multiline" role="alert">
        <MessageBarBody>
          <MessageBarTitle>This view stopped working</MessageBarTitle>
          {this.state.error.message}. Anything you were typing in the contact form is kept as a draft.
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={() => this.setState({ error: null })}>Try again</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
}
