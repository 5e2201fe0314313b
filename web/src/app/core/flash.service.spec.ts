import { FlashService } from './flash.service';

describe('FlashService', () => {
  it('keeps a message for the page that follows, then forgets it', () => {
    const flash = new FlashService();
    flash.show('success', 'Le membre a été créé.');
    flash.navigated();
    expect(flash.message()?.text).toBe('Le membre a été créé.');
    flash.navigated();
    expect(flash.message()).toBeNull();
  });

  it('can be dismissed', () => {
    const flash = new FlashService();
    flash.show('info', 'Information');
    flash.dismiss();
    expect(flash.message()).toBeNull();
  });
});
